import Foundation

/// The box's retained status as a late subscriber sees it: `mosquitto_sub`
/// (mosquitto-clients), connecting afresh each time.
enum RetainedStatus {
    /// The retained payload on `topic`, or nil if there is none within `wait` seconds.
    static func read(port: Int, topic: String, wait: Int = 1) throws -> String? {
        let (_, output) = try ChildProcess.run(
            try Executable.locate("mosquitto_sub", package: "mosquitto-clients"),
            ["-h", "127.0.0.1", "-p", String(port), "-t", topic, "-C", "1", "-W", String(wait), "--retained-only"],
            withErrors: false)
        let text = output.trimmingCharacters(in: .newlines)
        return text.isEmpty ? nil : text
    }

    /// Polls until the retained status's JSON has `state` (and `reason`, if
    /// given); returns the last payload seen.
    static func waitFor(state: String, reason: String? = nil, port: Int, topic: String,
                        timeout: TimeInterval = 5) throws -> String? {
        var last: String?
        _ = try poll(timeout: timeout) {
            last = try read(port: port, topic: topic)
            guard let last, let object = JSON.object(last) else { return false }
            return object["state"] as? String == state && (reason == nil || object["reason"] as? String == reason)
        }
        return last
    }
}

enum JSON {
    static func object(_ text: String) -> [String: Any]? {
        (try? JSONSerialization.jsonObject(with: Data(text.utf8))) as? [String: Any]
    }
}
