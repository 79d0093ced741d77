import Uplink
import WagonReports

/// How `queue` writes times, ages, sizes and event fields for people.
enum QueueFormat {
    /// The two largest units: `3 d 4 h`, `2 h 5 min`, `4 min 3 s`, `12 s`.
    /// Negative when the time is ahead of this clock (a skewed clock somewhere).
    static func age(_ nanoseconds: Int64) -> String {
        if nanoseconds < 0 { return "-" + age(-nanoseconds) }
        let seconds = nanoseconds / 1_000_000_000
        let units: [(size: Int64, name: String)] = [(86_400, "d"), (3_600, "h"), (60, "min"), (1, "s")]
        guard let first = units.firstIndex(where: { seconds >= $0.size }) else { return "0 s" }
        let major = units[first]
        var text = "\(seconds / major.size) \(major.name)"
        if first + 1 < units.count {
            let minor = units[first + 1]
            let rest = seconds % major.size / minor.size
            if rest > 0 { text += " \(rest) \(minor.name)" }
        }
        return text
    }

    /// Whole seconds since `time`, for JSON.
    static func ageSeconds(_ time: Int64, now: Int64) -> Int64 {
        let difference = now - time
        return difference >= 0 ? difference / 1_000_000_000 : -((-difference) / 1_000_000_000)
    }

    /// RFC 3339 to the second, for table columns (JSON keeps milliseconds).
    static func timeToTheSecond(_ nanoseconds: Int64) -> String {
        String(RFC3339.format(nanoseconds: nanoseconds).dropLast(5)) + "Z"
    }

    /// `512 B`, `1.5 KiB`, `512.0 MiB`.
    static func bytes(_ count: Int) -> String {
        var value = Double(count)
        var unit = "B"
        for next in ["KiB", "MiB", "GiB", "TiB"] where value >= 1024 {
            value /= 1024
            unit = next
        }
        return unit == "B" ? "\(count) B" : Decimal.fixed(value, decimals: 1) + " " + unit
    }

    /// `7 of 1000000 (0.1 %)`.
    static func share(_ used: String, of cap: String, ratio: Double) -> String {
        "\(used) of \(cap) (\(Decimal.fixed(ratio * 100, decimals: 1)) %)"
    }

    /// Our own types lose their common prefix in tables; JSON keeps it.
    static func shortType(_ type: String) -> String {
        let prefix = "org.wagond."
        return type.hasPrefix(prefix) && type.count > prefix.count ? String(type.dropFirst(prefix.count)) : type
    }

    /// The start of an event's data on one line, cut to `width` characters.
    static func preview(_ data: String, width: Int) -> String {
        let flat = String(data.map { $0.isNewline || $0 == "\t" ? " " : $0 })
        guard flat.count > width else { return flat }
        return String(flat.prefix(max(0, width - 1))) + "…"
    }
}
