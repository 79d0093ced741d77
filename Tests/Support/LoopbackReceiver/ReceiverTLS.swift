import NIOSSL

/// TLS for the receiver: its certificate and key (PEM files), and for mutual
/// TLS the CA that client certificates must chain to (then one is required).
public struct ReceiverTLS: Sendable, Equatable {
    public var certificateFile: String
    public var privateKeyFile: String
    public var clientCAFile: String?

    public init(certificateFile: String, privateKeyFile: String, clientCAFile: String? = nil) {
        self.certificateFile = certificateFile
        self.privateKeyFile = privateKeyFile
        self.clientCAFile = clientCAFile
    }

    func makeContext() throws -> NIOSSLContext {
        let chain = try NIOSSLCertificate.fromPEMFile(certificateFile).map { NIOSSLCertificateSource.certificate($0) }
        let key = NIOSSLPrivateKeySource.privateKey(try NIOSSLPrivateKey(file: privateKeyFile, format: .pem))
        var configuration: TLSConfiguration
        if let clientCAFile {
            configuration = .makeServerConfigurationWithMTLS(
                certificateChain: chain, privateKey: key,
                trustRoots: .certificates(try NIOSSLCertificate.fromPEMFile(clientCAFile)))
            // Clients have no name to check: the chain to our CA is the test.
            configuration.certificateVerification = .noHostnameVerification
        } else {
            configuration = .makeServerConfiguration(certificateChain: chain, privateKey: key)
        }
        return try NIOSSLContext(configuration: configuration)
    }
}
