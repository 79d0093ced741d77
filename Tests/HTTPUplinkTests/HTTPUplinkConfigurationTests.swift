import Foundation
import HTTPUplink
import XCTest
import Uplink

/// Configuration mistakes stop the start with an error naming the setting or
/// the file, and never showing the token.
final class HTTPUplinkConfigurationTests: XCTestCase {
    private func startError(_ configuration: HTTPUplinkConfiguration) -> UplinkConfigurationError? {
        do {
            let uplink = try HTTPUplink(configuration: configuration)
            // Only reached when the test is about to fail; the client must still be shut down.
            let done = expectation(description: "shutdown")
            Task { await uplink.shutdown(); done.fulfill() }
            wait(for: [done], timeout: 5)
            return nil
        } catch {
            return error
        }
    }

    private let base = HTTPUplinkConfiguration(url: "https://collector.example:8443/events", source: "wagond/test-site")

    func testAMissingTokenFileIsNamed() {
        var configuration = base
        configuration.bearerTokenFile = "/nonexistent/wagond/token"
        let error = startError(configuration)
        XCTAssertEqual(error?.code, .unreadableFile)
        XCTAssertEqual(error?.path, "/nonexistent/wagond/token")
        XCTAssertEqual(
            error?.description, "http uplink: cannot read bearer token file /nonexistent/wagond/token: No such file or directory")
    }

    func testAMissingCAFileIsNamed() {
        var configuration = base
        configuration.caFile = "/nonexistent/wagond/ca.pem"
        let error = startError(configuration)
        XCTAssertEqual(error?.code, .unreadableFile)
        XCTAssertEqual(error?.description, "http uplink: cannot read CA file /nonexistent/wagond/ca.pem: No such file or directory")
    }

    func testACAFileWithoutACertificateIsNamed() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        var configuration = base
        configuration.caFile = try directory.write("ca.pem", "not a certificate\n")
        let error = startError(configuration)
        XCTAssertEqual(error?.code, .invalidFileContent)
        XCTAssertEqual(error?.path, directory.file("ca.pem"))
    }

    func testATokenFileWithTwoLinesIsRefusedWithoutShowingTheToken() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        var configuration = base
        configuration.bearerTokenFile = try directory.write("token", "first-secret-line\nsecond-secret-line\n")
        let error = startError(configuration)
        XCTAssertEqual(error?.code, .invalidFileContent)
        let text = error.map { "\($0)" } ?? ""
        XCTAssertTrue(text.contains(directory.file("token")), text)
        XCTAssertFalse(text.contains("secret"), text)
    }

    func testAnEmptyTokenFileIsRefused() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        var configuration = base
        configuration.bearerTokenFile = try directory.write("token", " \n")
        XCTAssertEqual(startError(configuration)?.code, .invalidFileContent)
    }

    func testASystemdCredentialIsReadFromTheCredentialsDirectory() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        try directory.write("uplink-token", "credential-token\n")
        setenv("CREDENTIALS_DIRECTORY", directory.path, 1)
        defer { unsetenv("CREDENTIALS_DIRECTORY") }
        try await withUplink({ configuration, _ in configuration.systemdCredential = "uplink-token" }) { uplink, receiver in
            let outcome = await uplink.deliver(makeBatch(seqs: 1...1))
            XCTAssertEqual(outcome, .delivered)
            XCTAssertEqual(receiver.snapshot().requests.first?.header("Authorization"), "Bearer credential-token")
        }
    }

    func testASystemdCredentialOutsideSystemdSaysWhatIsMissing() {
        unsetenv("CREDENTIALS_DIRECTORY")
        var configuration = base
        configuration.systemdCredential = "uplink-token"
        let error = startError(configuration)
        XCTAssertEqual(error?.code, .missingEnvironment)
        XCTAssertTrue(error?.message.contains("LoadCredential=uplink-token") ?? false, "\(String(describing: error))")
    }

    func testATokenFileAndACredentialTogetherConflict() {
        var configuration = base
        configuration.bearerTokenFile = "/etc/wagond/token"
        configuration.systemdCredential = "uplink-token"
        XCTAssertEqual(startError(configuration)?.code, .conflictingSettings)
    }

    func testAClientCertificateWithoutItsKeyConflicts() {
        var configuration = base
        configuration.clientCertificateFile = "/etc/wagond/client.pem"
        XCTAssertEqual(startError(configuration)?.code, .conflictingSettings)
    }

    func testOnlyHTTPAndHTTPSURLsWithAHostAreAccepted() {
        for url in ["ftp://collector/events", "collector:8080/events", "http:///events", "http://collector:0/", "http://host:99999/"] {
            var configuration = base
            configuration.url = url
            XCTAssertEqual(startError(configuration)?.code, .unsupportedURL, url)
        }
    }

    func testVerificationIsOnUnlessTurnedOff() {
        XCTAssertTrue(HTTPUplinkConfiguration(url: "https://c/", source: "s").verifyTLS)
        XCTAssertEqual(HTTPUplinkConfiguration(url: "https://c/", source: "s").requestTimeout, .seconds(30))
        XCTAssertTrue(HTTPUplinkConfiguration(url: "https://c/", source: "s").gzip)
    }
}
