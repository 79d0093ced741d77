import WagonJSON

/// What the daemon answers: one line of JSON per request. Every response
/// carries `version` and `ok`; a good one names its kind in `response`, a
/// failed one carries `error_code` and `error`.
public enum ControlResponse: Sendable, Equatable {
    case status(StatusResponse)
    case events(EventsResponse)
    case flush(FlushResponse)
    case failure(ControlError)

    /// One line of JSON, without the newline.
    public var json: String {
        var json = JSONWriter()
        json.add("version", ControlProtocol.version)
        switch self {
        case .status(let status):
            json.add("ok", true)
            json.add("response", "status")
            status.write(to: &json)
        case .events(let events):
            json.add("ok", true)
            json.add("response", "events")
            events.write(to: &json)
        case .flush(let flush):
            json.add("ok", true)
            json.add("response", "flush")
            json.add("uplinks", strings: flush.uplinks)
        case .failure(let error):
            json.add("ok", false)
            json.add("error_code", error.code.rawValue)
            json.add("error", error.message)
        }
        return json.string
    }

    /// Reads one response line (without its newline). A response of a
    /// protocol version other than ours is an `unsupported_version` error;
    /// anything unreadable is `bad_response`. Unknown keys are ignored.
    public init(json line: some Collection<UInt8>) throws(ControlError) {
        do throws(ControlError) {
            let fields = try JSONFields(try JSONValue.parseMessage(line), path: "")
            try ControlProtocol.checkVersion(fields, peer: "wagond")
            guard try fields.bool("ok") else {
                let code = try fields.optionalString("error_code") ?? ControlError.Code.failed.rawValue
                let message = try fields.optionalString("error") ?? "wagond refused the request without saying why"
                self = .failure(ControlError(ControlError.Code(rawValue: code), message))
                return
            }
            switch try fields.string("response") {
            case "status": self = .status(try StatusResponse(fields))
            case "events": self = .events(try EventsResponse(fields))
            case "flush": self = .flush(FlushResponse(uplinks: try fields.strings("uplinks")))
            case let other: throw ControlError(.badResponse, "unknown response \"\(other)\"")
            }
        } catch {
            guard error.code == .badRequest else { throw error }
            throw ControlError(.badResponse, "unreadable answer from wagond: \(error.message)")
        }
    }

    /// The response's kind, as a request names it (`failure` for errors).
    public var name: String {
        switch self {
        case .status: "status"
        case .events: "events"
        case .flush: "flush"
        case .failure: "failure"
        }
    }
}

/// The answer to `flush`: the uplinks asked to deliver now. The request
/// returns at once; `wagonctl status` shows what they achieved.
public struct FlushResponse: Sendable, Equatable {
    public var uplinks: [String]

    public init(uplinks: [String]) {
        self.uplinks = uplinks
    }
}
