import MQTTUplink
import Uplink
import XCTest

/// The retained status on `wagond/<site>/status`, as a late subscriber sees it.
final class MQTTUplinkStatusTests: XCTestCase {
    private let topic = "wagond/status-site/status"

    private func makeUplink(port: Int) throws -> MQTTUplink {
        try MQTTUplink(configuration: MQTTUplinkConfiguration(host: "127.0.0.1", port: port, site: "status-site"))
    }

    func testStatusIsOnlineAfterConnectAndOfflineAfterShutdown() async throws {
        let broker = try Broker()
        try broker.start()
        let uplink = try makeUplink(port: broker.port)
        XCTAssertNil(try RetainedStatus.read(port: broker.port, topic: topic), "a status before the first connect")

        let outcome = await uplink.deliver(TestEvents.batch(1))
        XCTAssertEqual(outcome, .delivered)
        let online = try XCTUnwrap(try RetainedStatus.read(port: broker.port, topic: topic))
        let object = try XCTUnwrap(JSON.object(online), online)
        XCTAssertEqual(object["state"] as? String, "online")
        XCTAssertNotNil(object["since"] as? String)

        await uplink.shutdown()
        let offline = try RetainedStatus.read(port: broker.port, topic: topic)
        XCTAssertEqual(offline, #"{"state":"offline","reason":"shutdown"}"#)
        // A clean DISCONNECT, so the broker dropped the will.
        XCTAssertTrue(broker.log.contains("Client wagond-status-site disconnected."), broker.log)
    }

    func testConnectionLostWithoutDisconnectLeavesTheLastWill() async throws {
        let broker = try Broker()
        try broker.start()
        var uplink: MQTTUplink? = try makeUplink(port: broker.port)
        let outcome = await uplink?.deliver(TestEvents.batch(1))
        XCTAssertEqual(outcome, .delivered)

        // Dropped without shutdown(): the socket closes with no DISCONNECT,
        // as when the daemon is killed.
        uplink = nil

        let status = try RetainedStatus.waitFor(state: "offline", port: broker.port, topic: topic)
        XCTAssertEqual(status, #"{"state":"offline","reason":"connection lost"}"#)
        XCTAssertTrue(broker.log.contains("Client wagond-status-site closed its connection."), broker.log)
    }

    func testReconnectAnnouncesOnlineAgain() async throws {
        let broker = try Broker()
        try broker.start()
        let uplink = try makeUplink(port: broker.port)
        let first = await uplink.deliver(TestEvents.batch(1, run: "a"))
        XCTAssertEqual(first, .delivered)

        broker.kill()
        try broker.start()  // persistence is off: the new broker knows no status
        // The loop thread normally sees the loss at once, and the next
        // delivery reconnects; if it has not yet, that delivery fails on the
        // dead socket and the one after reconnects.
        var outcome = await uplink.deliver(TestEvents.batch(1, run: "b"))
        if let reason = retryReason(outcome) {
            XCTAssertTrue(reason.contains("127.0.0.1:\(broker.port)"), reason)
            outcome = await uplink.deliver(TestEvents.batch(1, run: "b"))
        }

        XCTAssertEqual(outcome, .delivered)
        let status = try XCTUnwrap(try RetainedStatus.read(port: broker.port, topic: topic))
        XCTAssertEqual(JSON.object(status)?["state"] as? String, "online")
        await uplink.shutdown()
    }
}
