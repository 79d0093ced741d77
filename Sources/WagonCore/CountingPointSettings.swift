/// How the zones of a counting point's two detectors lie along the rail.
public enum ZoneGeometry: String, Sendable, Hashable, CaseIterable {
    /// Decide from what the wheels show: a passage through "both occupied"
    /// proves overlapping zones, a passage through "both free" proves a gap.
    case auto
    /// A wheel occupies both detectors at once half-way: `A1 B1 A0 B0`.
    case overlapping
    /// The zones are apart: `A1 A0 B1 B0`; both occupied at once is a fault.
    case apart
}

/// Contact-bounce and spike filter thresholds of one detector.
public struct DebounceSettings: Sendable, Hashable {
    /// A raw pulse must stay high this long to count as a wheel (shorter ones
    /// are spikes). Real wheel pulses last ≥ ~2 ms even at 200 km/h.
    public var minimumPulse: Nanoseconds = 600_000
    /// Gaps shorter than this inside an occupied pulse are dropouts and are
    /// bridged. Wheels on one detector are ≥ 30 ms apart at 200 km/h.
    public var maximumDropout: Nanoseconds = 600_000

    public init(minimumPulse: Nanoseconds = 600_000, maximumDropout: Nanoseconds = 600_000) {
        self.minimumPulse = minimumPulse
        self.maximumDropout = maximumDropout
    }
}

/// When an open train is considered over.
public struct TrainClosingSettings: Sendable, Hashable {
    /// A train closes after no detector has changed for the time the last
    /// axle's speed needs to cover this distance (longer than any gap between
    /// consecutive axles of one train, ~19 m, with room for a train that
    /// stops between two axles and backs)...
    public var idleDistance: Double = 50
    /// ...but never sooner than this...
    public var minimumIdle: Nanoseconds = 10_000_000_000
    /// ...and never later than this, unless a detector stays occupied (a
    /// train standing on the point stays open however long it stands).
    public var maximumIdle: Nanoseconds = 120_000_000_000

    public init(idleDistance: Double = 50, minimumIdle: Nanoseconds = 10_000_000_000,
                maximumIdle: Nanoseconds = 120_000_000_000) {
        self.idleDistance = idleDistance
        self.minimumIdle = minimumIdle
        self.maximumIdle = maximumIdle
    }

    /// Idle time after an axle that passed at `speed` m/s.
    @inline(__always) func idleTimeout(afterSpeed speed: Double) -> Nanoseconds {
        guard speed > 0 else { return maximumIdle }
        let seconds = idleDistance / speed
        let ns = seconds >= Double(maximumIdle) / 1e9 ? maximumIdle : Nanoseconds(seconds * 1e9)
        return min(max(ns, minimumIdle), maximumIdle)
    }
}

/// Thresholds for the health monitor of one counting point.
public struct HealthSettings: Sendable, Hashable {
    /// Complete pulses on one detector, with no change at all on the other,
    /// after which the other is declared silent and the point counts in
    /// degraded mode (axles without direction).
    public var silentAfterPulses: Int = 8
    /// A detector occupied this long is reported (stuck, or a train standing).
    public var longOccupation: Nanoseconds = 600_000_000_000
    /// This many rejected spikes within `chatterWindow` is chattering.
    public var chatterSpikes: Int = 20
    public var chatterWindow: Nanoseconds = 1_000_000_000

    public init(silentAfterPulses: Int = 8, longOccupation: Nanoseconds = 600_000_000_000,
                chatterSpikes: Int = 20, chatterWindow: Nanoseconds = 1_000_000_000) {
        self.silentAfterPulses = silentAfterPulses
        self.longOccupation = longOccupation
        self.chatterSpikes = chatterSpikes
        self.chatterWindow = chatterWindow
    }
}

/// Everything the core needs to know about one counting point.
public struct CountingPointSettings: Sendable, Hashable {
    /// No duration setting may exceed this (2^50 ns, 13 days; the site
    /// configuration allows a day at most). With edge times inside
    /// `Edge.timeRange`, a time plus 16 durations stays inside 64 bits, so
    /// the per-change deadlines are added without overflow checks (those
    /// checks were ~2.5% of clean-sensor time).
    public static let longestDuration: Nanoseconds = 1 << 50

    /// Every duration setting within `0...longestDuration`; the point
    /// preconditions it.
    var durationsAreInRange: Bool {
        [debounce.minimumPulse, debounce.maximumDropout, closing.minimumIdle, closing.maximumIdle,
         health.longOccupation, health.chatterWindow].allSatisfy { (0...Self.longestDuration).contains($0) }
    }

    /// Distance between the centres of detectors A and B along the rail, metres.
    public var sensorSpacing: Double = 0.14
    /// Length of rail over which one detector sees a wheel, metres. Only used
    /// to estimate speed from pulse width when one detector is silent.
    public var detectionZone: Double = 0.12
    public var geometry: ZoneGeometry = .auto
    /// With zones apart, a wheel that left the first detector must reach the
    /// second within this many times its pulse width on the first to count as
    /// the same wheel crossing the gap.
    public var gapTransitFactor: Double = 4
    /// Passages faster than this are sensor faults, not wheels (m/s; 400 km/h).
    public var maximumSpeed: Double = 400 / 3.6
    public var debounce = DebounceSettings()
    public var closing = TrainClosingSettings()
    public var health = HealthSettings()

    public init(sensorSpacing: Double = 0.14, detectionZone: Double = 0.12, geometry: ZoneGeometry = .auto) {
        precondition(sensorSpacing > 0, "sensor spacing must be positive")
        precondition(detectionZone > 0, "detection zone must be positive")
        self.sensorSpacing = sensorSpacing
        self.detectionZone = detectionZone
        self.geometry = geometry
    }
}
