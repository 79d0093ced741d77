#if canImport(Glibc)
import Glibc
#endif

/// Times for people, and `--since` values, without Foundation. Times are
/// nanoseconds since the Unix epoch, as the control protocol sends them.
enum TimeText {

    /// `2025-11-29 06:55:10` in local time (TZ, /etc/localtime), or with
    /// `utc` RFC 3339 in UTC: `2025-11-29T05:55:10Z`.
    static func format(_ time: Int64, utc: Bool) -> String {
        var seconds = time_t(floorDivide(time, 1_000_000_000))
        var parts = tm()
        if utc { gmtime_r(&seconds, &parts) } else { localtime_r(&seconds, &parts) }
        let date = pad(Int(parts.tm_year) + 1900, 4) + "-" + pad(Int(parts.tm_mon) + 1, 2) + "-" + pad(Int(parts.tm_mday), 2)
        let clock = pad(Int(parts.tm_hour), 2) + ":" + pad(Int(parts.tm_min), 2) + ":" + pad(Int(parts.tm_sec), 2)
        return utc ? date + "T" + clock + "Z" : date + " " + clock
    }

    /// `3 min ago`, `in 2 s` (a clock stepped back), `just now`.
    static func age(_ time: Int64, now: Int64) -> String {
        let seconds = (now - time) / 1_000_000_000
        if seconds == 0 { return "just now" }
        return seconds > 0 ? duration(seconds: seconds) + " ago" : "in " + duration(seconds: -seconds)
    }

    /// `45 s`, `12 min`, `3 h 5 min`, `2 d 4 h`.
    static func duration(seconds: Int64) -> String {
        switch seconds {
        case ..<60: return "\(seconds) s"
        case ..<3600: return "\(seconds / 60) min"
        case ..<86_400: return "\(seconds / 3600) h" + (seconds % 3600 >= 60 ? " \(seconds % 3600 / 60) min" : "")
        default: return "\(seconds / 86_400) d" + (seconds % 86_400 >= 3600 ? " \(seconds % 86_400 / 3600) h" : "")
        }
    }

    /// A `--since` value: RFC 3339 (`2025-11-29T06:00:00Z`,
    /// `2025-11-29T08:00:00+02:00`), a time ago (`90s`, `30m`, `1h`, `2d`),
    /// or `today` (local midnight). Nil if it is none of these.
    static func since(_ text: String, now: Int64) -> Int64? {
        if text == "today" { return localMidnight(before: now) }
        if let last = text.last, let unit = ["s": 1, "m": 60, "h": 3600, "d": 86_400][String(last)],
           let count = Int64(text.dropLast()), count >= 0, count < Int64(100_000_000 / unit) {
            return now - count * Int64(unit) * 1_000_000_000
        }
        return rfc3339(text)
    }

    /// RFC 3339, or a date and time without a zone (`2025-11-29 06:55:10`,
    /// as `format` prints local time) taken as local time. Nil otherwise.
    static func dateTime(_ text: String) -> Int64? {
        if let time = rfc3339(text) { return time }
        // Read the fields as if they were UTC, then ask the C library
        // which instant they name in local time (daylight saving included).
        guard let fields = rfc3339(text + "Z") else { return nil }
        let fraction = fields - floorDivide(fields, 1_000_000_000) * 1_000_000_000
        var seconds = time_t(floorDivide(fields, 1_000_000_000))
        var parts = tm()
        gmtime_r(&seconds, &parts)
        parts.tm_isdst = -1
        let local = mktime(&parts)
        guard local != -1 else { return nil }
        return Int64(local) * 1_000_000_000 + fraction
    }

    /// Local midnight at the start of the day of `time`.
    static func localMidnight(before time: Int64) -> Int64 {
        var seconds = time_t(floorDivide(time, 1_000_000_000))
        var parts = tm()
        localtime_r(&seconds, &parts)
        (parts.tm_hour, parts.tm_min, parts.tm_sec, parts.tm_isdst) = (0, 0, 0, -1)
        return Int64(mktime(&parts)) * 1_000_000_000
    }

    /// `YYYY-MM-DD(T|t| )HH:MM:SS(.fraction)?(Z|z|±HH:MM)`, as nanoseconds.
    static func rfc3339(_ text: String) -> Int64? {
        let bytes = Array(text.utf8)
        var position = 0
        func number(_ digits: Int) -> Int64? {
            guard position + digits <= bytes.count else { return nil }
            var value: Int64 = 0
            for byte in bytes[position..<position + digits] {
                guard byte >= UInt8(ascii: "0"), byte <= UInt8(ascii: "9") else { return nil }
                value = value * 10 + Int64(byte - UInt8(ascii: "0"))
            }
            position += digits
            return value
        }
        func take(_ allowed: String) -> UInt8? {
            guard position < bytes.count, allowed.utf8.contains(bytes[position]) else { return nil }
            position += 1
            return bytes[position - 1]
        }
        guard let year = number(4), take("-") != nil, let month = number(2), take("-") != nil, let day = number(2),
              take("Tt ") != nil, let hour = number(2), take(":") != nil, let minute = number(2), take(":") != nil,
              let second = number(2),
              (1...12).contains(month), day >= 1, day <= daysIn(month: month, year: year),
              hour < 24, minute < 60, second <= 60
        else { return nil }
        var fraction: Int64 = 0
        if take(".") != nil {
            var digits = 0
            while let digit = number(1) {
                if digits < 9 { fraction = fraction * 10 + digit }
                digits += 1
            }
            guard digits > 0 else { return nil }
            for _ in digits..<max(digits, 9) { fraction *= 10 }
        }
        var offset: Int64 = 0
        guard let zone = take("Zz+-") else { return nil }
        if zone == UInt8(ascii: "+") || zone == UInt8(ascii: "-") {
            guard let hours = number(2), take(":") != nil, let minutes = number(2), hours < 24, minutes < 60 else { return nil }
            offset = (hours * 60 + minutes) * 60 * (zone == UInt8(ascii: "-") ? -1 : 1)
        }
        guard position == bytes.count else { return nil }
        let seconds = days(year: year, month: month, day: day) * 86_400 + hour * 3600 + minute * 60 + second - offset
        return seconds * 1_000_000_000 + fraction
    }

    /// Days from 1970-01-01 to a proleptic Gregorian date (Howard Hinnant's
    /// algorithm, the inverse of the one in Uplink's RFC3339).
    static func days(year: Int64, month: Int64, day: Int64) -> Int64 {
        let y = month <= 2 ? year - 1 : year
        let era = floorDivide(y, 400)
        let yearOfEra = y - era * 400
        let dayOfYear = (153 * (month > 2 ? month - 3 : month + 9) + 2) / 5 + day - 1
        let dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear
        return era * 146_097 + dayOfEra - 719_468
    }

    private static func daysIn(month: Int64, year: Int64) -> Int64 {
        switch month {
        case 2: return year % 4 == 0 && (year % 100 != 0 || year % 400 == 0) ? 29 : 28
        case 4, 6, 9, 11: return 30
        default: return 31
        }
    }

    private static func floorDivide(_ value: Int64, _ divisor: Int64) -> Int64 {
        value >= 0 ? value / divisor : (value - divisor + 1) / divisor
    }

    private static func pad(_ value: Int, _ width: Int) -> String {
        let digits = String(value)
        return digits.count >= width ? digits : String(repeating: "0", count: width - digits.count) + digits
    }
}
