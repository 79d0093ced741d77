/// The `Retry-After` response header (RFC 9110 §10.2.3): delta-seconds or an
/// HTTP-date. A pure function of the text and the current time, so that it
/// can be tested without a server or a clock.
public enum RetryAfter {
    /// Larger waits are cut to this, as RFC 9111 §1.2.2 says for delta-seconds
    /// too large to hold (2^31 s, some 68 years: the runner caps it anyway).
    public static let longest: Duration = .seconds(Int64(Int32.max) + 1)

    /// How long the server asks us to wait. `now` is the current UTC time in
    /// seconds since the Unix epoch. A date in the past, or a negative number,
    /// is zero (retry now); anything else unreadable is nil (use the backoff).
    public static func delay(_ value: String, now: Int64) -> Duration? {
        let text = value.utf8.drop(while: isSpace).reversed().drop(while: isSpace).reversed()
        guard let first = text.first else { return nil }
        if first == UInt8(ascii: "-") {
            let digits = text.dropFirst()
            return !digits.isEmpty && digits.allSatisfy(isDigit) ? .zero : nil
        }
        if isDigit(first) {
            return seconds(Array(text))
        }
        guard let date = IMFFixdate.secondsSinceEpoch(Array(text)) else { return nil }
        return date <= now ? .zero : min(.seconds(date - now), longest)
    }

    private static func seconds(_ digits: [UInt8]) -> Duration? {
        guard digits.allSatisfy(isDigit) else { return nil }
        var value: Int64 = 0
        for digit in digits {
            value = value * 10 + Int64(digit - UInt8(ascii: "0"))
            if value > Int64(Int32.max) { return longest }
        }
        return .seconds(value)
    }

    private static func isDigit(_ byte: UInt8) -> Bool { byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9") }
    private static func isSpace(_ byte: UInt8) -> Bool { byte == 0x20 || byte == 0x09 }
}
