import WagonConfig

/// The ranges of wagonctl's numeric options the site configuration has no
/// key for; the others are `SettingRange`'s, shared with the file. Each
/// option's help gives its range, and a value outside it (NaN and the
/// infinities are outside every range) is a usage error before anything
/// is opened.
enum OptionRange {
    /// Detector spacing, metres: from a bench rig's tenth of a millimetre
    /// to the longest the site file allows.
    static let spacingMetres: ClosedRange<Double> = 0.0001...SettingRange.sensorSpacingMetres.upperBound
    /// One detector's zone, metres: the site file's "less than 1 m", closed.
    static let zoneMetres: ClosedRange<Double> = 0.0001...1
    static let speedKmh: ClosedRange<Double> = 2...200
    /// Trains in one simulated log. Every edge is held in memory until
    /// written: about 30 kB a default train, 55 kB a random noisy one, so
    /// the most is a few hundred MB (and as much log).
    static let trains: ClosedRange<Int> = 1...10_000
    /// Quiet time between simulated trains, seconds: up to a day.
    static let gapSeconds: ClosedRange<Double> = 1...86_400
    static let passes: ClosedRange<Int> = 1...100
    /// `sensor-test --timeout`, seconds: up to a day.
    static let testTimeoutSeconds: ClosedRange<Double> = 1...86_400
    /// `gpio monitor --idle-timeout`, ms: up to a day.
    static let idleTimeoutMilliseconds: ClosedRange<Double> = 1...86_400_000
    static let positive: ClosedRange<Int> = 1...Int.max
    /// `plot --from`, seconds after the first edge: up to a year of log.
    static let plotFromSeconds: ClosedRange<Double> = 0...31_536_000
    /// `plot --span`, seconds: a millisecond to a day.
    static let plotSpanSeconds: ClosedRange<Double> = 0.001...86_400
    /// `plot --width`: characters of text or pixels of SVG.
    static let plotWidth: ClosedRange<Int> = 40...20_000
    static let seq: ClosedRange<Int64> = 0...Int64.max

    /// `(2 to 200)`, `(1 or more)`: how a help text gives a range.
    static func help(_ range: ClosedRange<Double>) -> String { "(\(SettingRange.text(range)))" }

    static func help<Whole: FixedWidthInteger>(_ range: ClosedRange<Whole>) -> String {
        range.upperBound == Whole.max ? "(\(range.lowerBound) or more)" : "(\(range.lowerBound) to \(range.upperBound))"
    }
}

/// Throws the usage error for `value` of option `name` outside `range`.
func requireRange(_ name: String, _ value: Double?, _ range: ClosedRange<Double>, unit: String = "") throws {
    guard let value, !range.contains(value) else { return }
    let (low, high) = (SettingRange.plain(range.lowerBound), SettingRange.plain(range.upperBound))
    throw UsageError(message: "\(name) must lie between \(low) and \(high)\(unit), got \(SettingRange.plain(value))")
}

func requireRange<Whole: FixedWidthInteger>(_ name: String, _ value: Whole?, _ range: ClosedRange<Whole>) throws {
    guard let value, !range.contains(value) else { return }
    guard range.upperBound < Whole.max else {
        throw UsageError(message: "\(name) must be at least \(range.lowerBound), got \(value)")
    }
    throw UsageError(message: "\(name) must lie between \(range.lowerBound) and \(range.upperBound), got \(value)")
}
