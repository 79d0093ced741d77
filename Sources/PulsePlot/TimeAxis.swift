import WagonCore

/// Ticks at round intervals (1, 2 or 5 times a power of ten nanoseconds)
/// from a window's start, labelled with the time since it.
struct TimeAxis {
    /// Nanoseconds between ticks.
    let step: Nanoseconds
    /// The labels' unit, from the window's length: seconds from 2 s up.
    let unit: (name: String, size: Nanoseconds)

    /// The smallest round step that leaves at least `minimumColumns` columns
    /// between ticks when the window is `count` columns wide.
    init(span: Nanoseconds, count: Int, minimumColumns: Int) {
        unit = span >= 2_000_000_000 ? ("s", 1_000_000_000) : span >= 2_000_000 ? ("ms", 1_000_000)
            : span >= 2_000 ? ("us", 1_000) : ("ns", 1)
        let wanted = Double(span) / Double(count) * Double(minimumColumns)
        var power: Nanoseconds = 1
        while true {
            for factor: Nanoseconds in [1, 2, 5] where Double(power * factor) >= wanted {
                step = power * factor
                return
            }
            guard power <= Nanoseconds.max / 100 else { step = power * 10; return }
            power *= 10
        }
    }

    /// The tick times, from the window's start.
    func ticks(in window: Range<Nanoseconds>) -> [Nanoseconds] {
        stride(from: window.lowerBound, to: window.upperBound, by: Int(step)).map { $0 }
    }

    /// `offset` (since the window's start) in the window's unit: `0`,
    /// `250 ms`, `1.5 s`.
    func label(_ offset: Nanoseconds) -> String {
        if offset == 0 { return "0" }
        return Self.decimal(offset, per: unit.size) + " " + unit.name
    }

    /// `value / per` written with as few decimals as it needs (at most three).
    static func decimal(_ value: Nanoseconds, per: Nanoseconds) -> String {
        let whole = value / per
        var fraction = value % per
        guard fraction != 0, per >= 1000 else { return String(whole) }
        // Three decimals, trailing zeros dropped.
        fraction = (fraction * 1000 + per / 2) / per
        if fraction == 0 { return String(whole) }
        if fraction == 1000 { return String(whole + 1) }
        var digits = String(fraction)
        digits = String(repeating: "0", count: 3 - digits.count) + digits
        while digits.hasSuffix("0") { digits.removeLast() }
        return "\(whole).\(digits)"
    }
}
