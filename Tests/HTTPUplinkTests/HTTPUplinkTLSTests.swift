import HTTPUplink
import LoopbackReceiver
import Uplink
import XCTest

/// HTTPS and mutual TLS against the loopback receiver, with certificates
/// made by `openssl` for each test.
final class HTTPUplinkTLSTests: XCTestCase {
    private var pki: TestPKI!

    override func setUpWithError() throws {
        pki = try TestPKI.make()
    }

    override func tearDown() {
        pki?.remove()
    }

    private var serverTLS: ReceiverTLS {
        ReceiverTLS(certificateFile: pki.serverCertificate, privateKeyFile: pki.serverKey)
    }

    private var mutualTLS: ReceiverTLS {
        ReceiverTLS(certificateFile: pki.serverCertificate, privateKeyFile: pki.serverKey, clientCAFile: pki.caCertificate)
    }

    func testAServerSignedByAnUnknownCAIsNotTrusted() async throws {
        try await withUplink(receiverTLS: serverTLS) { uplink, receiver in
            XCTAssertTrue(receiver.url.hasPrefix("https://"))
            let reason = retryReason(await uplink.deliver(makeBatch(seqs: 1...2)), after: .some(nil))
            XCTAssertTrue(reason.hasPrefix("TLS: certificate not trusted"), reason)
            XCTAssertEqual(receiver.snapshot().requests, [])
        }
    }

    func testTrustingAnotherCADoesNotHelp() async throws {
        try await withUplink(receiverTLS: serverTLS, { configuration, _ in
            configuration.caFile = self.pki.otherCACertificate
        }) { uplink, receiver in
            let reason = retryReason(await uplink.deliver(makeBatch(seqs: 1...2)), after: .some(nil))
            XCTAssertTrue(reason.hasPrefix("TLS: certificate not trusted"), reason)
        }
    }

    func testTheCustomCAMakesTheServerTrusted() async throws {
        try await withUplink(receiverTLS: serverTLS, { configuration, _ in
            configuration.caFile = self.pki.caCertificate
        }) { uplink, receiver in
            let outcome = await uplink.deliver(makeBatch(seqs: 1...3))
            XCTAssertEqual(outcome, .delivered)
            XCTAssertEqual(receiver.snapshot().events.map(\.id), ["7-1", "7-2", "7-3"])
        }
    }

    func testTurningVerificationOffExplicitlyAcceptsAnyServer() async throws {
        try await withUplink(receiverTLS: serverTLS, { configuration, _ in
            configuration.verifyTLS = false
        }) { uplink, receiver in
            let outcome = await uplink.deliver(makeBatch(seqs: 1...1))
            XCTAssertEqual(outcome, .delivered)
        }
    }

    func testAServerRequiringAClientCertificateRefusesUsWithoutOne() async throws {
        try await withUplink(receiverTLS: mutualTLS, { configuration, _ in
            configuration.caFile = self.pki.caCertificate
        }) { uplink, receiver in
            let reason = retryReason(await uplink.deliver(makeBatch(seqs: 1...2)), after: .some(nil))
            XCTAssertTrue(reason.hasPrefix("TLS: "), reason)
            XCTAssertTrue(reason.contains("client certificate"), reason)
            XCTAssertEqual(receiver.snapshot().events, [])
        }
    }

    func testAServerRequiringAClientCertificateAcceptsOurs() async throws {
        try await withUplink(receiverTLS: mutualTLS, { configuration, _ in
            configuration.caFile = self.pki.caCertificate
            configuration.clientCertificateFile = self.pki.clientCertificate
            configuration.clientKeyFile = self.pki.clientKey
        }) { uplink, receiver in
            let outcome = await uplink.deliver(makeBatch(seqs: 1...2))
            XCTAssertEqual(outcome, .delivered)
            XCTAssertEqual(receiver.snapshot().events.map(\.id), ["7-1", "7-2"])
        }
    }
}
