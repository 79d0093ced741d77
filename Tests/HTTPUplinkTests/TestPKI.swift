import Foundation
import XCTest

/// A throwaway CA, a server certificate for 127.0.0.1 and localhost, and a
/// client certificate, made with the `openssl` command line in a temporary
/// directory. EC P-256 keys: each certificate takes milliseconds.
struct TestPKI {
    let directory: TemporaryDirectory
    var caCertificate: String { directory.file("ca.pem") }
    var serverCertificate: String { directory.file("server.pem") }
    var serverKey: String { directory.file("server.key") }
    var clientCertificate: String { directory.file("client.pem") }
    var clientKey: String { directory.file("client.key") }
    /// A second CA that signed nothing we use: trusting it must not help.
    var otherCACertificate: String { directory.file("other-ca.pem") }

    struct Failure: Error, CustomStringConvertible {
        var description: String
    }

    static func make() throws -> TestPKI {
        guard let openssl = findOpenSSL() else {
            throw Failure(
                description: "the TLS tests need the openssl command line tool and it is not on PATH: "
                    + "apt-get install openssl (.ci/run should install it)")
        }
        let pki = TestPKI(directory: try TemporaryDirectory())
        let d = pki.directory
        try d.write("server.ext", "subjectAltName=IP:127.0.0.1,DNS:localhost\nbasicConstraints=CA:FALSE\n"
            + "keyUsage=critical,digitalSignature\nextendedKeyUsage=serverAuth\n")
        try d.write("client.ext", "basicConstraints=CA:FALSE\nkeyUsage=critical,digitalSignature\nextendedKeyUsage=clientAuth\n")
        let ec = ["-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes"]
        for ca in ["ca", "other-ca"] {
            try run(openssl, ["req", "-x509"] + ec + [
                "-keyout", d.file("\(ca).key"), "-out", d.file("\(ca).pem"), "-days", "2",
                "-subj", "/CN=wagond test \(ca)",
                "-addext", "basicConstraints=critical,CA:TRUE", "-addext", "keyUsage=critical,keyCertSign,cRLSign",
            ])
        }
        for (name, serial) in [("server", "1001"), ("client", "1002")] {
            try run(openssl, ["req"] + ec + [
                "-keyout", d.file("\(name).key"), "-out", d.file("\(name).csr"), "-subj", "/CN=wagond test \(name)",
            ])
            try run(openssl, [
                "x509", "-req", "-in", d.file("\(name).csr"), "-CA", d.file("ca.pem"), "-CAkey", d.file("ca.key"),
                "-set_serial", serial, "-days", "2", "-out", d.file("\(name).pem"), "-extfile", d.file("\(name).ext"),
            ])
        }
        return pki
    }

    func remove() { directory.remove() }

    private static func findOpenSSL() -> String? {
        let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"
        return path.split(separator: ":").map { "\($0)/openssl" }.first { FileManager.default.isExecutableFile(atPath: $0) }
    }

    private static func run(_ executable: String, _ arguments: [String]) throws {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        let errors = Pipe()
        process.standardError = errors
        process.standardOutput = FileHandle.nullDevice
        try process.run()
        let message = errors.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            throw Failure(description: "openssl \(arguments.joined(separator: " ")) failed: "
                + String(decoding: message, as: UTF8.self))
        }
    }
}
