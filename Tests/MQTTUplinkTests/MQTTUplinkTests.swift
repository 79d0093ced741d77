import EventStore
import MQTTUplink
import Uplink
import XCTest

/// Delivery against a real mosquitto, checked by a real subscriber.
final class MQTTUplinkTests: XCTestCase {
    private let site = "test-site"

    private func makeUplink(port: Int, connectTimeout: Duration = .seconds(3),
                            publishTimeout: Duration = .seconds(5)) throws -> MQTTUplink {
        try MQTTUplink(configuration: MQTTUplinkConfiguration(
            host: "127.0.0.1", port: port, site: site, connectTimeout: connectTimeout, publishTimeout: publishTimeout))
    }

    func testBatchArrivesInOrderOnItsTopicsWithTheEventsIds() async throws {
        let broker = try Broker()
        try broker.start()
        let subscriber = try TestSubscriber(port: broker.port)
        let uplink = try makeUplink(port: broker.port)
        let events = TestEvents.batch(6)

        let outcome = await uplink.deliver(events)

        XCTAssertEqual(outcome, .delivered)
        let received = await subscriber.waitForMessages { TestEvents.ids(in: $0).count >= 6 }
            .filter { !$0.topic.hasSuffix("/status") }
        XCTAssertEqual(received.map(\.topic), [
            "wagond/test-site/east/train", "wagond/test-site/west/train", "wagond/test-site/east/health",
            "wagond/test-site/box/store.dropped", "wagond/test-site/east/train", "wagond/test-site/west/train",
        ])
        XCTAssertEqual(TestEvents.ids(in: received), ["t1-1", "t1-2", "t1-3", "t1-4", "t1-5", "t1-6"])
        for (message, event) in zip(received, events) {
            let object = try XCTUnwrap(JSON.object(message.payload), message.payload)
            XCTAssertEqual(object["specversion"] as? String, "1.0")
            XCTAssertEqual(object["source"] as? String, "wagond/test-site")
            XCTAssertEqual(object["type"] as? String, event.type)
            XCTAssertEqual(object["subject"] as? String, event.subject)
            let data = try XCTUnwrap(object["data"] as? [String: Any])
            XCTAssertEqual(data["axles"] as? Int, Int(event.seq) * 4)
            XCTAssertEqual(data["note"] as? String, "wagon \(event.seq)")
        }
        await uplink.shutdown()
    }

    func testATopicPrefixReplacesWagondInEveryTopicAndTheRetainedStatus() async throws {
        let broker = try Broker()
        try broker.start()
        let subscriber = try TestSubscriber(port: broker.port, topic: "railco/east/#")
        let uplink = try MQTTUplink(configuration: MQTTUplinkConfiguration(
            host: "127.0.0.1", port: broker.port, site: site, topicPrefix: "railco/east"))

        let outcome = await uplink.deliver(TestEvents.batch(2))

        XCTAssertEqual(outcome, .delivered)
        let received = await subscriber.waitForMessages { TestEvents.ids(in: $0).count >= 2 }
        XCTAssertEqual(received.filter { !$0.topic.hasSuffix("/status") }.map(\.topic),
                       ["railco/east/test-site/east/train", "railco/east/test-site/west/train"])
        XCTAssertNotNil(try RetainedStatus.read(port: broker.port, topic: "railco/east/test-site/status"))
        await uplink.shutdown()
    }

    func testDeliveredWaitsForTheBrokersAcknowledgements() async throws {
        let broker = try Broker()
        try broker.start()
        let subscriber = try TestSubscriber(port: broker.port)
        let uplink = try makeUplink(port: broker.port)
        let warmUp = await uplink.deliver(TestEvents.batch(1, run: "warm-up"))
        XCTAssertEqual(warmUp, .delivered)

        // A stopped broker keeps the connection but reads and acknowledges nothing.
        broker.pause()
        let delivery = BackgroundDelivery { await uplink.deliver(TestEvents.batch(5, run: "t2")) }
        try await Task.sleep(for: .milliseconds(500))
        XCTAssertNil(delivery.finishedOutcome, "delivered before the broker could acknowledge")
        broker.resume()

        let outcome = await delivery.outcome
        XCTAssertEqual(outcome, .delivered)
        let received = await subscriber.waitForMessages { TestEvents.ids(in: $0).count >= 6 }
        XCTAssertEqual(TestEvents.ids(in: received), ["warm-up-1", "t2-1", "t2-2", "t2-3", "t2-4", "t2-5"])
        await uplink.shutdown()
    }

    func testNoBrokerMeansRetryNamingTheAddressThatRefused() async throws {
        let port = try LoopbackPort.free()
        let uplink = try makeUplink(port: port)

        let outcome = await uplink.deliver(TestEvents.batch(2))

        XCTAssertEqual(outcome, .retry(after: nil, reason: "connection refused by 127.0.0.1:\(port)"))
        await uplink.shutdown()
    }

    func testABrokerThatAcceptsTheSocketButNeverAnswersTimesOutTheConnect() async throws {
        let broker = try Broker()
        try broker.start()
        // The kernel still completes TCP handshakes for a stopped broker; the CONNACK never comes.
        broker.pause()
        let uplink = try makeUplink(port: broker.port, connectTimeout: .seconds(1))

        let outcome = await uplink.deliver(TestEvents.batch(1))

        XCTAssertEqual(outcome, .retry(after: nil, reason: "no answer from 127.0.0.1:\(broker.port) within 1 s"))
        await uplink.shutdown()
    }

    func testBrokerKilledMidBatchThenRestartedGetsEveryEventAfterRetries() async throws {
        let broker = try Broker()
        try broker.start()
        let uplink = try makeUplink(port: broker.port)
        let before = await uplink.deliver(TestEvents.batch(2, run: "before"))
        XCTAssertEqual(before, .delivered)

        let events = TestEvents.batch(8, run: "t4")
        broker.pause()
        let delivery = BackgroundDelivery { await uplink.deliver(events) }
        try await Task.sleep(for: .milliseconds(300))
        broker.kill()
        let duringLoss = await delivery.outcome
        XCTAssertEqual(retryReason(duringLoss).map { $0.hasPrefix("connection to 127.0.0.1:\(broker.port) lost") }, true,
                       "\(duringLoss)")
        let whileDown = await uplink.deliver(events)
        XCTAssertEqual(whileDown, .retry(after: nil, reason: "connection refused by 127.0.0.1:\(broker.port)"))

        try broker.start()
        let subscriber = try TestSubscriber(port: broker.port)
        let afterRestart = await uplink.deliver(events)

        XCTAssertEqual(afterRestart, .delivered)
        let expected = Set(events.map(\.id))
        let received = await subscriber.waitForMessages { expected.isSubset(of: TestEvents.ids(in: $0)) }
        XCTAssertEqual(Set(TestEvents.ids(in: received)), expected)
        await uplink.shutdown()
    }

    func testMissingPUBACKsRetryWithTheTimeoutAndTheLastWillMarksTheBoxOffline() async throws {
        let broker = try Broker()
        try broker.start()
        let uplink = try makeUplink(port: broker.port, publishTimeout: .seconds(1))
        let warmUp = await uplink.deliver(TestEvents.batch(1, run: "warm-up"))
        XCTAssertEqual(warmUp, .delivered)

        broker.pause()
        let outcome = await uplink.deliver(TestEvents.batch(3))
        broker.resume()

        XCTAssertEqual(outcome, .retry(after: nil, reason: "no PUBACK from 127.0.0.1:\(broker.port) within 1 s (3 of 3 unacknowledged)"))
        // The uplink dropped the silent connection without DISCONNECT: the
        // broker publishes the will once it runs again.
        let status = try RetainedStatus.waitFor(state: "offline", reason: "connection lost", port: broker.port,
                                                topic: "wagond/test-site/status")
        XCTAssertEqual(status, #"{"state":"offline","reason":"connection lost"}"#)
        await uplink.shutdown()
    }
}
