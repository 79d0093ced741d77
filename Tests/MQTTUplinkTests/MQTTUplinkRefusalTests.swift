import EventStore
import Foundation
import MQTTUplink
import Uplink
import XCTest

/// What the broker refuses for good becomes `.rejected`; the rest of the
/// batch still reaches subscribers. The broker lets the box write its status
/// and the east point only, and takes packets up to 1 KiB.
final class MQTTUplinkRefusalTests: XCTestCase {
    private var directory = ""
    private var broker: Broker!

    override func setUpWithError() throws {
        directory = try TemporaryDirectory.make()
        try """
            topic read wagond/#
            topic write wagond/acl-site/status
            topic write wagond/acl-site/east/#
            """.write(toFile: directory + "/acl", atomically: true, encoding: .utf8)
        broker = try Broker(global: "acl_file \(directory)/acl\nmax_packet_size 1024", in: directory)
        try broker.start()
    }

    override func tearDown() {
        broker.stop()
        try? FileManager.default.removeItem(atPath: directory)
    }

    private func makeUplink() throws -> MQTTUplink {
        try MQTTUplink(configuration: MQTTUplinkConfiguration(host: "127.0.0.1", port: broker.port, site: "acl-site"))
    }

    private func event(_ seq: Int64, point: String, data: String = #"{"axles":4}"#) -> StoredEvent {
        StoredEvent(seq: seq, id: "r-\(seq)", type: "org.wagond.train", subject: point, time: 1_700_000_000_000_000_000,
                    eventClass: .train, data: data)
    }

    func testAPublishTheBrokerIsNotAuthorisedToTakeIsRejected() async throws {
        let subscriber = try TestSubscriber(port: broker.port)
        let uplink = try makeUplink()

        let outcome = await uplink.deliver([event(1, point: "east"), event(2, point: "west"), event(3, point: "east")])

        XCTAssertEqual(outcome, .rejected(
            reason: "broker refused event r-2 on wagond/acl-site/west/train: Not authorized (reason code 135)"))
        let received = await subscriber.waitForMessages { TestEvents.ids(in: $0).count >= 2 }
        XCTAssertEqual(TestEvents.ids(in: received), ["r-1", "r-3"])
        await uplink.shutdown()
    }

    func testAnEventLargerThanTheBrokersPacketLimitIsRejected() async throws {
        let subscriber = try TestSubscriber(port: broker.port)
        let uplink = try makeUplink()
        let large = #"{"padding":""# + String(repeating: "x", count: 2000) + #""}"#

        let outcome = await uplink.deliver([event(1, point: "east"), event(2, point: "east", data: large),
                                            event(3, point: "east")])

        XCTAssertEqual(outcome, .rejected(reason: "broker refused event r-2 on wagond/acl-site/east/train:"
                                              + " larger than the broker's maximum packet size"))
        let received = await subscriber.waitForMessages { TestEvents.ids(in: $0).count >= 2 }
        XCTAssertEqual(TestEvents.ids(in: received), ["r-1", "r-3"])
        await uplink.shutdown()
    }

    func testOnlyAcceptedEventsMakeADelivery() async throws {
        let uplink = try makeUplink()
        let outcome = await uplink.deliver([event(1, point: "east"), event(2, point: "east")])
        XCTAssertEqual(outcome, .delivered)
        await uplink.shutdown()
    }
}
