import WagonCore

/// The latest time a pulse log may hold, and how messages state it. The core
/// counts no time past `Edge.timeRange`, so readers reject one at its line
/// and the writer refuses to write one: such a log would replay as garbage.
public enum TimeLimit {
    /// 2^62 ns.
    public static let latest: Nanoseconds = Edge.timeRange.upperBound

    /// "past the end of the counting range (at most 4611686018427387904 ns, …)".
    public static let pastTheEnd = "past the end of the counting range (at most \(latest) ns, 2^62: epoch time in the year 2116)"

    /// The same in seconds, as gpiomon prints them.
    static let pastTheEndInSeconds =
        "past the end of the counting range (at most \(latest / 1_000_000_000).\(nineDigits(latest % 1_000_000_000)) s, 2^62 ns: epoch time in the year 2116)"

    /// The same as a UTC date, as gpiomon --utc prints them: 2^62 ns after
    /// 1970-01-01T00:00:00Z (checked against the constant by a test).
    static let pastTheEndInUTC = "past the end of the counting range (at most 2116-02-20T23:53:38.427387904Z, 2^62 ns)"

    private static func nineDigits(_ value: Int64) -> String {
        let digits = String(value)
        return String(repeating: "0", count: 9 - digits.count) + digits
    }
}
