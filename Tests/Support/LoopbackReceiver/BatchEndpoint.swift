import WagonJSON

/// A request as the handler collected it.
struct IncomingRequest {
    var method: String
    var path: String
    var headers: [String: [String]]
    var body: [UInt8]

    func header(_ name: String) -> String? { headers[name]?.first }
}

/// What the handler sends back.
enum Reply: Equatable {
    case respond(status: Int, retryAfter: String?, body: String)
    case hang
    case close
}

/// The collector's rules: what a request gets under a scripted response,
/// and which events it leaves behind. Pure, so the I/O stays in the handler.
enum BatchEndpoint {
    static let contentType = "application/cloudevents-batch+json"

    static func handle(
        _ request: IncomingRequest, as response: ScriptedResponse
    ) -> (reply: Reply, accepted: [ReceivedEvent]) {
        switch response {
        case .accept, .acceptThenClose:
            switch events(in: request) {
            case .success(let events):
                return (response == .accept ? .respond(status: 200, retryAfter: nil, body: "") : .close, events)
            case .failure(let rejection):
                return (.respond(status: rejection.status, retryAfter: nil, body: rejection.message), [])
            }
        case .status(let code, let retryAfter, let body):
            return (.respond(status: code, retryAfter: retryAfter, body: body), [])
        case .hang:
            return (.hang, [])
        case .closeConnection:
            return (.close, [])
        }
    }

    struct Rejection: Error {
        var status: Int
        var message: String
    }

    static func events(in request: IncomingRequest) -> Result<[ReceivedEvent], Rejection> {
        guard request.method == "POST" else {
            return .failure(Rejection(status: 405, message: "only POST is accepted"))
        }
        let type = request.header("content-type") ?? ""
        let mediaType = type.prefix { $0 != ";" }.lowercased().trimmingCharacters(" ")
        guard mediaType == contentType else {
            return .failure(Rejection(status: 415, message: "Content-Type must be \(contentType), not '\(type)'"))
        }
        let body: [UInt8]
        switch request.header("content-encoding")?.lowercased() {
        case nil, "identity":
            body = request.body
        case "gzip":
            do throws(Gunzip.Failure) {
                body = try Gunzip.decompress(request.body)
            } catch {
                return .failure(Rejection(status: 400, message: error.message))
            }
        case let other?:
            return .failure(Rejection(status: 415, message: "Content-Encoding '\(other)' is not supported"))
        }
        do throws(JSONError) {
            return .success(try CloudEventsBatchReader.events(in: body))
        } catch {
            return .failure(Rejection(status: 400, message: error.description))
        }
    }
}

extension String {
    fileprivate func trimmingCharacters(_ character: Character) -> String {
        String(drop { $0 == character }.reversed().drop { $0 == character }.reversed())
    }
}
