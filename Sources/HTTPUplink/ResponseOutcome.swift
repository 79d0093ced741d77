import NIOHTTP1
import Uplink

/// What an HTTP answer means for the batch: the whole status policy in one
/// pure function (docs/http-uplink.md has it as a table).
enum ResponseOutcome {
    /// How much of the body goes into a reason: enough for a collector's error message.
    static let reasonBodyBytes = 200

    static func outcome(
        status: Int, retryAfter: String?, location: String? = nil, body: [UInt8], now: Int64
    ) -> DeliveryOutcome {
        switch status {
        case 200...299:
            return .delivered
        case 429, 503:
            let wait = retryAfter.flatMap { RetryAfter.delay($0, now: now) }
            return .retry(after: wait, reason: reason(status: status, body: body))
        case 408, 500...599:
            return .retry(after: nil, reason: reason(status: status, body: body))
        case 400...499:
            return .rejected(reason: reason(status: status, body: body))
        case 300...399:
            // Redirects are not followed (a POST would turn into a GET); a moved
            // collector is a configuration matter, not a reason to drop data.
            let target = location.map { " to \($0)" } ?? ""
            return .retry(
                after: nil,
                reason: reason(status: status, body: body)
                    + " (redirected\(target); redirects are not followed: set url)")
        default:
            return .retry(after: nil, reason: reason(status: status, body: body) + " (unexpected status)")
        }
    }

    /// `HTTP 400: <start of the body>`, or the standard reason phrase if the body is empty.
    static func reason(status: Int, body: [UInt8]) -> String {
        let text = String(decoding: body.prefix(reasonBodyBytes), as: UTF8.self)
            .map { $0.isNewline || $0 == "\t" ? " " : $0 }
        let detail = String(text).trimmingSpaces
        return "HTTP \(status): " + (detail.isEmpty ? HTTPResponseStatus(statusCode: status).reasonPhrase : detail)
    }
}

extension String {
    fileprivate var trimmingSpaces: String {
        String(drop { $0 == " " }.reversed().drop { $0 == " " }.reversed())
    }
}
