/// A small, fast, seeded random number generator (SplitMix64, Steele, Lea and
/// Flood 2014), so every scenario is reproducible from its seed.
///
/// The helpers below draw doubles and integers with our own arithmetic rather
/// than the standard library's `random(in:using:)`, whose algorithm may change
/// between Swift releases: the same seed must give the same log forever.
public struct SplitMix64: RandomNumberGenerator, Sendable, Hashable {
    public private(set) var state: UInt64

    public init(seed: UInt64) {
        state = seed
    }

    public mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// An independent stream for one purpose (noise on detector A, the next
    /// random scenario, ...), so that drawing more numbers for one purpose does
    /// not shift the numbers of another.
    func derived(_ salt: UInt64) -> SplitMix64 {
        var mixer = SplitMix64(seed: state ^ (salt &* 0xD1B5_4A32_D192_ED03))
        return SplitMix64(seed: mixer.next())
    }

    /// Uniform in [0, 1) with 53 random bits.
    mutating func unit() -> Double {
        Double(next() >> 11) * 0x1p-53
    }

    /// Uniform in [lower, upper).
    mutating func uniform(_ lower: Double, _ upper: Double) -> Double {
        lower + (upper - lower) * unit()
    }

    /// Uniform integer in the range (multiply-high; the bias is below 2^-40
    /// for any range we use).
    mutating func integer(in range: ClosedRange<Int>) -> Int {
        let span = UInt64(range.upperBound - range.lowerBound) + 1
        return range.lowerBound + Int(next().multipliedFullWidth(by: span).high)
    }

    mutating func chance(_ probability: Double) -> Bool {
        probability > 0 && unit() < probability
    }

    mutating func pick<T>(_ items: [T]) -> T {
        precondition(!items.isEmpty, "cannot pick from an empty list")
        return items[integer(in: 0...(items.count - 1))]
    }

    /// Standard normal, approximated by the Irwin–Hall sum of twelve uniforms:
    /// bounded to ±6σ, which suits timestamp jitter (no absurd outliers).
    mutating func gaussian() -> Double {
        var sum = 0.0
        for _ in 0..<12 { sum += unit() }
        return sum - 6
    }

    /// Exponential waiting time for a Poisson process with this rate (1/s).
    mutating func exponential(rate: Double) -> Double {
        precondition(rate > 0, "an exponential waiting time needs a positive rate")
        return -naturalLog(1 - unit()) / rate
    }
}

/// Natural logarithm without Foundation: x = m·2^e with m in [1, 2), and
/// ln m = 2·atanh((m−1)/(m+1)) by its series, whose ratio is below 1/9.
func naturalLog(_ x: Double) -> Double {
    precondition(x > 0 && x.isFinite, "the logarithm needs a positive finite number")
    let m = x.significand
    let z = (m - 1) / (m + 1)
    let z2 = z * z
    var power = z
    var sum = 0.0
    var k = 1.0
    for _ in 0..<20 {
        sum += power / k
        power *= z2
        k += 2
    }
    return 2 * sum + Double(x.exponent) * 0.693_147_180_559_945_309_417_232_121_458
}
