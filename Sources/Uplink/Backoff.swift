/// Exponential backoff with full jitter: attempt n waits a uniformly random
/// time in [0, min(cap, base * 2^n)]. Full jitter spreads a fleet of boxes
/// that all lost the backend at once, so they do not return in lockstep.
public struct Backoff: Sendable, Equatable {
    public var base: Duration
    public var cap: Duration

    public init(base: Duration = .seconds(1), cap: Duration = .seconds(300)) {
        self.base = base
        self.cap = cap
    }

    /// The ceiling for the attempt after `failures` consecutive failures (≥ 1).
    public func ceiling(afterFailures failures: Int) -> Duration {
        let exponent = min(max(failures - 1, 0), 30)
        let grown = base * (1 << exponent)
        return grown < cap ? grown : cap
    }

    public func delay(afterFailures failures: Int, using generator: inout some RandomNumberGenerator) -> Duration {
        let ceiling = ceiling(afterFailures: failures)
        let (seconds, attoseconds) = ceiling.components
        let nanos = seconds * 1_000_000_000 + attoseconds / 1_000_000_000
        guard nanos > 0 else { return .zero }
        return .nanoseconds(Int64.random(in: 0...nanos, using: &generator))
    }
}
