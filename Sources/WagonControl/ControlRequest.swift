import WagonJSON

/// The control protocol between wagond and wagonctl (docs/control-protocol.md):
/// newline-delimited JSON over a Unix stream socket, one request per line,
/// one response line per request, in order. Every message carries `version`.
public enum ControlProtocol {
    /// Bumped when a message changes incompatibly; adding keys is compatible.
    public static let version = 1
    public static let defaultSocketPath = "/run/wagond/control.sock"
    /// The longest request line the daemon reads, newline included.
    public static let maxRequestBytes = 64 * 1024
    /// The longest response line a client reads, newline included.
    public static let maxResponseBytes = 16 * 1024 * 1024
    /// `events`: how many trains when the request names no limit, and at most.
    public static let defaultEventsLimit = 20
    public static let maxEventsLimit = 1000

    /// Reads the `version` of a message and refuses any but ours.
    static func checkVersion(_ fields: JSONFields, peer: String) throws(ControlError) {
        guard let version = try fields.optionalInt64("version") else {
            throw ControlError(.badRequest, "\(peer) has no protocol version")
        }
        guard version == Int64(Self.version) else {
            throw ControlError(
                .unsupportedVersion,
                "\(peer) speaks control protocol version \(version); this side speaks version \(Self.version)")
        }
    }
}

/// What a client asks.
public enum ControlRequest: Sendable, Equatable {
    /// The daemon's state: points, store, uplinks, clock.
    case status
    /// Completed trains still in the outbox, newest last: those that ended at
    /// or after `since` (ns since the Unix epoch), at most `limit`
    /// (`ControlProtocol.defaultEventsLimit` when nil), the newest ones.
    case events(since: Int64?, limit: Int?)
    /// Ask every uplink to try to deliver now, skipping any backoff wait.
    case flush

    /// The request's name on the wire (`"request"`).
    public var name: String {
        switch self {
        case .status: "status"
        case .events: "events"
        case .flush: "flush"
        }
    }

    /// One line of JSON, without the newline.
    public var json: String {
        var json = JSONWriter()
        json.add("version", ControlProtocol.version)
        json.add("request", name)
        if case .events(let since, let limit) = self {
            if let since { json.add("since_ns", since) }
            if let limit { json.add("limit", limit) }
        }
        return json.string
    }

    /// Reads one request line (without its newline). Unknown keys are ignored;
    /// a wrong version, an unknown request or a key of the wrong type is an error.
    public init(json line: some Collection<UInt8>) throws(ControlError) {
        let fields = try JSONFields(try JSONValue.parseMessage(line), path: "")
        try ControlProtocol.checkVersion(fields, peer: "the request")
        let name = try fields.string("request")
        switch name {
        case "status":
            self = .status
        case "flush":
            self = .flush
        case "events":
            let limit = try fields.optionalInt("limit")
            if let limit, !(1...ControlProtocol.maxEventsLimit).contains(limit) {
                throw ControlError(.badRequest, "limit must be between 1 and \(ControlProtocol.maxEventsLimit), not \(limit)")
            }
            self = .events(since: try fields.optionalInt64("since_ns"), limit: limit)
        default:
            throw ControlError(.unknownRequest, "unknown request \"\(name)\" (known: status, events, flush)")
        }
    }
}
