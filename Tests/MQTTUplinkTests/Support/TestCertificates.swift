import Foundation

/// A throwaway CA, a server certificate for 127.0.0.1 and localhost, and a
/// client certificate, made with the openssl CLI (P-256 keys: fast to make).
struct TestCertificates {
    let directory: String
    var caFile: String { directory + "/ca.pem" }
    var serverCertificateFile: String { directory + "/server.pem" }
    var serverKeyFile: String { directory + "/server.key" }
    var clientCertificateFile: String { directory + "/client.pem" }
    var clientKeyFile: String { directory + "/client.key" }

    init(in directory: String) throws {
        self.directory = directory
        try openssl(["req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes",
                     "-keyout", path("ca.key"), "-out", caFile, "-days", "2", "-subj", "/CN=wagond test CA"])
        try issue(name: "server", subject: "/CN=localhost",
                  extensions: "subjectAltName=IP:127.0.0.1,DNS:localhost\nextendedKeyUsage=serverAuth\n")
        try issue(name: "client", subject: "/CN=wagond-tls-site", extensions: "extendedKeyUsage=clientAuth\n")
    }

    private func issue(name: String, subject: String, extensions: String) throws {
        try openssl(["req", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes",
                     "-keyout", path("\(name).key"), "-out", path("\(name).csr"), "-subj", subject])
        try extensions.write(toFile: path("\(name).ext"), atomically: true, encoding: .utf8)
        try openssl(["x509", "-req", "-in", path("\(name).csr"), "-CA", caFile, "-CAkey", path("ca.key"),
                     "-CAcreateserial", "-out", path("\(name).pem"), "-days", "2", "-extfile", path("\(name).ext")])
    }

    private func path(_ name: String) -> String { directory + "/" + name }

    private func openssl(_ arguments: [String]) throws {
        try Executable.run("openssl", package: "openssl", arguments)
    }
}
