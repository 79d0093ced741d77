/// Where and how the HTTP uplink posts its batches. A plain value: nothing is
/// read from disk until an `HTTPUplink` is made from it.
public struct HTTPUplinkConfiguration: Sendable, Equatable {
    /// The collector's endpoint, `http://` or `https://`.
    public var url: String
    /// CloudEvents `source` of every event, e.g. `wagond/<site>`.
    public var source: String
    /// A file holding the bearer token (one line; surrounding whitespace is trimmed).
    public var bearerTokenFile: String?
    /// The name of a systemd credential (`LoadCredential=NAME:…`) holding the
    /// bearer token: the file `$CREDENTIALS_DIRECTORY/NAME`.
    public var systemdCredential: String?
    /// PEM file of the CA certificates to trust instead of the system's.
    public var caFile: String?
    /// PEM certificate chain presented to the server (mutual TLS).
    public var clientCertificateFile: String?
    /// PEM private key of `clientCertificateFile`.
    public var clientKeyFile: String?
    /// Checks the server's certificate and name. Turning it off lets anyone on
    /// the path read and forge the traffic: only for bench tests.
    public var verifyTLS: Bool
    /// The longest one delivery may take, connecting included.
    public var requestTimeout: Duration
    /// Compresses the body (`Content-Encoding: gzip`): batches of similar JSON
    /// events shrink several-fold, and a cellular link is paid by the byte.
    public var gzip: Bool
    /// The most of a response body that is read; the rest is dropped with the connection.
    public var maxResponseBytes: Int

    public init(
        url: String,
        source: String,
        bearerTokenFile: String? = nil,
        systemdCredential: String? = nil,
        caFile: String? = nil,
        clientCertificateFile: String? = nil,
        clientKeyFile: String? = nil,
        verifyTLS: Bool = true,
        requestTimeout: Duration = .seconds(30),
        gzip: Bool = true,
        maxResponseBytes: Int = 64 * 1024
    ) {
        self.url = url
        self.source = source
        self.bearerTokenFile = bearerTokenFile
        self.systemdCredential = systemdCredential
        self.caFile = caFile
        self.clientCertificateFile = clientCertificateFile
        self.clientKeyFile = clientKeyFile
        self.verifyTLS = verifyTLS
        self.requestTimeout = requestTimeout
        self.gzip = gzip
        self.maxResponseBytes = maxResponseBytes
    }
}
