import NIOSSL
import Uplink

extension HTTPUplinkConfiguration {
    /// The client's TLS settings: the custom CA replaces the system's roots,
    /// a client certificate and key make it mutual TLS. Every file is read
    /// now, so a bad path stops the start, not the first delivery.
    func makeTLSConfiguration() throws(UplinkConfigurationError) -> TLSConfiguration {
        var tls = TLSConfiguration.makeClientConfiguration()
        tls.certificateVerification = verifyTLS ? .fullVerification : .none
        if let caFile {
            tls.trustRoots = .certificates(try Self.certificates(in: caFile, what: "CA file"))
        }
        switch (clientCertificateFile, clientKeyFile) {
        case (nil, nil):
            break
        case (let certificateFile?, let keyFile?):
            tls.certificateChain = try Self.certificates(in: certificateFile, what: "client certificate file")
                .map { .certificate($0) }
            tls.privateKey = .privateKey(try Self.privateKey(in: keyFile))
        case (.some, nil), (nil, .some):
            throw UplinkConfigurationError(
                uplink: "http", code: .conflictingSettings,
                message: "clientCertificateFile and clientKeyFile go together: set both or neither")
        }
        return tls
    }

    private static func certificates(in path: String, what: String) throws(UplinkConfigurationError)
        -> [NIOSSLCertificate]
    {
        let bytes = try UplinkFile.bytes(of: path, what: what, uplink: "http")
        let certificates = try? NIOSSLCertificate.fromPEMBytes(bytes)
        guard let certificates, !certificates.isEmpty else {
            throw UplinkConfigurationError(
                uplink: "http", code: .invalidFileContent, path: path, message: "\(what) \(path) holds no PEM certificate")
        }
        return certificates
    }

    private static func privateKey(in path: String) throws(UplinkConfigurationError) -> NIOSSLPrivateKey {
        let bytes = try UplinkFile.bytes(of: path, what: "client key file", uplink: "http")
        guard let key = try? NIOSSLPrivateKey(bytes: bytes, format: .pem) else {
            throw UplinkConfigurationError(
                uplink: "http", code: .invalidFileContent, path: path,
                message: "client key file \(path) holds no unencrypted PEM private key")
        }
        return key
    }
}
