import Foundation
import MQTTUplink
import Synchronization
import Uplink
import XCTest

/// TLS and mutual TLS against mosquitto with a throwaway CA. The broker has a
/// plain listener for the test's subscriber, a TLS one and one that demands
/// a client certificate.
final class MQTTUplinkTLSTests: XCTestCase {
    /// Made once for the class: openssl takes a tenth of a second per key or certificate.
    private static let sharedCertificates = Mutex<TestCertificates?>(nil)
    private var certificates: TestCertificates!
    private var broker: Broker!
    private var plainPort: Int { broker.ports[0] }
    private var tlsPort: Int { broker.ports[1] }
    private var mutualTLSPort: Int { broker.ports[2] }

    override func setUpWithError() throws {
        certificates = try Self.sharedCertificates.withLock { shared in
            if let shared { return shared }
            let made = try TestCertificates(in: TemporaryDirectory.make())
            shared = made
            return made
        }
        let tls = """
            cafile \(certificates.caFile)
            certfile \(certificates.serverCertificateFile)
            keyfile \(certificates.serverKeyFile)
            """
        broker = try Broker(listeners: ["", tls, tls + "\nrequire_certificate true"])
        try broker.start()
    }

    override func tearDown() {
        broker = nil  // XCTest keeps the test case: the broker stops and cleans up now
    }

    override class func tearDown() {
        sharedCertificates.withLock { shared in
            if let shared { try? FileManager.default.removeItem(atPath: shared.directory) }
            shared = nil
        }
    }

    private func makeUplink(port: Int, host: String = "127.0.0.1", tls: MQTTUplinkConfiguration.TLS) throws -> MQTTUplink {
        try MQTTUplink(configuration: MQTTUplinkConfiguration(host: host, port: port, site: "tls-site", tls: tls,
                                                              connectTimeout: .seconds(3), publishTimeout: .seconds(3)))
    }

    func testTheCustomCAVerifiesTheBrokerAndEventsArrive() async throws {
        let subscriber = try TestSubscriber(port: plainPort)
        let uplink = try makeUplink(port: tlsPort, tls: .init(caFile: certificates.caFile))

        let outcome = await uplink.deliver(TestEvents.batch(3))

        XCTAssertEqual(outcome, .delivered)
        let received = await subscriber.waitForMessages { TestEvents.ids(in: $0).count >= 3 }
        XCTAssertEqual(TestEvents.ids(in: received), ["t1-1", "t1-2", "t1-3"])
        await uplink.shutdown()
    }

    func testTheBrokersNameIsCheckedAgainstItsCertificate() async throws {
        // The certificate names 127.0.0.1 and localhost: both pass.
        let uplink = try makeUplink(port: tlsPort, host: "localhost", tls: .init(caFile: certificates.caFile))
        let outcome = await uplink.deliver(TestEvents.batch(1))
        XCTAssertEqual(outcome, .delivered)
        await uplink.shutdown()
    }

    func testWithoutTheCustomCATheHandshakeFailsAndSaysWhy() async throws {
        let uplink = try makeUplink(port: tlsPort, tls: .init())

        let outcome = await uplink.deliver(TestEvents.batch(1))

        XCTAssertEqual(outcome, .retry(after: nil, reason: "TLS handshake with 127.0.0.1:\(tlsPort) failed: certificate verify failed"))
        await uplink.shutdown()
    }

    func testVerificationTurnedOffConnectsWithoutTheCA() async throws {
        let uplink = try makeUplink(port: tlsPort, tls: .init(verifyServer: false))
        let outcome = await uplink.deliver(TestEvents.batch(1))
        XCTAssertEqual(outcome, .delivered)
        await uplink.shutdown()
    }

    func testMutualTLSDeliversWithTheClientCertificate() async throws {
        let subscriber = try TestSubscriber(port: plainPort)
        let uplink = try makeUplink(port: mutualTLSPort, tls: .init(
            caFile: certificates.caFile, clientCertificateFile: certificates.clientCertificateFile,
            clientKeyFile: certificates.clientKeyFile))

        let outcome = await uplink.deliver(TestEvents.batch(2))

        XCTAssertEqual(outcome, .delivered)
        let received = await subscriber.waitForMessages { TestEvents.ids(in: $0).count >= 2 }
        XCTAssertEqual(TestEvents.ids(in: received), ["t1-1", "t1-2"])
        await uplink.shutdown()
    }

    func testMutualTLSWithoutAClientCertificateIsARetryThatSaysWhatIsMissing() async throws {
        let uplink = try makeUplink(port: mutualTLSPort, tls: .init(caFile: certificates.caFile))

        let outcome = await uplink.deliver(TestEvents.batch(1))

        // OpenSSL's words: "tlsv13 alert certificate required" with TLS 1.3;
        // when the broker's close overtakes its alert, ours: "no client
        // certificate is configured". Either way the reason names what is missing.
        let reason = try XCTUnwrap(retryReason(outcome), "\(outcome)")
        XCTAssertTrue(reason.hasPrefix("TLS handshake with 127.0.0.1:\(mutualTLSPort) failed: "), reason)
        XCTAssertTrue(reason.contains("certificate required") || reason.contains("no client certificate is configured"),
                      reason)
        await uplink.shutdown()
    }
}
