/// Where and how the MQTT uplink publishes. A plain value: nothing is read
/// from disk until an `MQTTUplink` is made from it.
public struct MQTTUplinkConfiguration: Sendable, Equatable {
    /// The broker's host name or address.
    public var host: String
    /// 1883 by default, 8883 with TLS.
    public var port: Int
    /// The box's site name: the second level of every topic (`wagond/<site>/…`)
    /// and the CloudEvents `source` (`wagond/<site>`).
    public var site: String
    /// The first level(s) of every topic: `wagond` unless the backend
    /// wants its own (`railco/east`). Checked by the configuration: no
    /// wildcards, NUL, or `/` at either end.
    public var topicPrefix: String
    /// The MQTT client identifier; `wagond-<site>` by default. Two boxes with
    /// one identifier throw each other off the broker in turn.
    public var clientID: String
    /// How often the connection is proven alive when idle; the broker declares
    /// the box offline after 1.5 times this without a word from it.
    public var keepalive: Duration
    /// The user name the broker knows the box by, if it asks for one.
    public var username: String?
    /// A file holding the password (one line, the line break is dropped). It
    /// is read at each connect, so a rotated password needs no restart, and
    /// is never logged.
    public var passwordFile: String?
    /// TLS settings; `nil` connects in plain text.
    public var tls: TLS?
    /// The longest wait for the broker's CONNACK, TCP and TLS included.
    public var connectTimeout: Duration
    /// The longest wait for the next PUBACK while some are outstanding.
    public var publishTimeout: Duration

    /// How the uplink proves the broker is the broker, and itself to the broker.
    public struct TLS: Sendable, Equatable {
        /// PEM file of the CA certificates to trust; `nil` trusts the system's.
        public var caFile: String?
        /// PEM certificate presented to the broker (mutual TLS).
        public var clientCertificateFile: String?
        /// PEM private key of `clientCertificateFile`, not encrypted: a daemon
        /// has nobody to type a pass phrase.
        public var clientKeyFile: String?
        /// Checks the broker's certificate chain and name. Turning it off lets
        /// anyone on the path read and forge the traffic: only for bench tests.
        public var verifyServer: Bool

        public init(caFile: String? = nil, clientCertificateFile: String? = nil, clientKeyFile: String? = nil,
                    verifyServer: Bool = true) {
            self.caFile = caFile
            self.clientCertificateFile = clientCertificateFile
            self.clientKeyFile = clientKeyFile
            self.verifyServer = verifyServer
        }
    }

    public init(
        host: String,
        port: Int? = nil,
        site: String,
        topicPrefix: String = MQTTTopic.root,
        clientID: String? = nil,
        keepalive: Duration = .seconds(30),
        username: String? = nil,
        passwordFile: String? = nil,
        tls: TLS? = nil,
        connectTimeout: Duration = .seconds(10),
        publishTimeout: Duration = .seconds(10)
    ) {
        self.host = host
        self.port = port ?? (tls == nil ? 1883 : 8883)
        self.site = site
        self.topicPrefix = topicPrefix
        self.clientID = clientID ?? "wagond-" + site
        self.keepalive = keepalive
        self.username = username
        self.passwordFile = passwordFile
        self.tls = tls
        self.connectTimeout = connectTimeout
        self.publishTimeout = publishTimeout
    }

    /// `host:port`, as reasons and logs name the broker.
    var brokerAddress: String { host.contains(":") ? "[\(host)]:\(port)" : "\(host):\(port)" }
}
