/// Running health figures of one detector, for `wagonctl` and metrics.
public struct DetectorStatistics: Sendable, Hashable {
    /// Complete wheel pulses (occupied, then free again).
    public var pulses = 0
    public var shortestPulse: Nanoseconds = .max
    public var longestPulse: Nanoseconds = 0
    public var totalPulseTime: Nanoseconds = 0
    /// Raw pulses rejected as spikes.
    public var spikes = 0
    /// Raw gaps bridged inside an occupied pulse.
    public var dropouts = 0
    /// Raw edges that repeated the line's level.
    public var lostEdges = 0
    public var isOccupied = false
    /// Declared silent: quiet while its partner kept seeing wheels.
    public var isSilent = false
    public var lastChange: Nanoseconds?

    public var meanPulse: Nanoseconds? { pulses > 0 ? totalPulseTime / Nanoseconds(pulses) : nil }

    public init() {}
}

/// Watches one detector's filtered changes and spikes for trouble.
struct DetectorMonitor: Sendable {
    var statistics = DetectorStatistics()
    private var occupiedSince: Nanoseconds?
    private var longOccupationReported = false
    private var chatterWindowStart: Nanoseconds?
    private var spikesInWindow = 0
    private var chatterReported = false
    private var settings: HealthSettings
    /// When a still-occupied detector has been occupied too long; `.max`
    /// when not occupied or already reported. Kept up to date on every
    /// change, so the per-change look at deadlines is a load.
    private(set) var longOccupationAt = Nanoseconds.max

    init(settings: HealthSettings) {
        self.settings = settings
    }

    /// New thresholds (a configuration reload); the statistics and any
    /// reported trouble stay, so nothing is reported twice.
    mutating func adopt(_ settings: HealthSettings) {
        self.settings = settings
        updateLongOccupation()
    }

    @inline(__always) private mutating func updateLongOccupation() {
        if let since = occupiedSince, !longOccupationReported {
            longOccupationAt = since + settings.longOccupation
        } else {
            longOccupationAt = .max
        }
    }

    /// Records a debounced change; returns the pulse width when a pulse ended.
    // Inlined into the counting point's per-change path, with its other
    // steps: 828 -> 749 instructions per clean edge (callgrind).
    @inline(__always) mutating func changed(occupied: Bool, at time: Nanoseconds) -> Nanoseconds? {
        statistics.isOccupied = occupied
        statistics.lastChange = time
        if occupied {
            occupiedSince = time
            longOccupationReported = false
            // Wrapping: a time in `Edge.timeRange` plus a duration within
            // `CountingPointSettings.longestDuration` cannot overflow.
            longOccupationAt = time &+ settings.longOccupation
            return nil
        }
        guard let since = occupiedSince else { return nil }
        occupiedSince = nil
        longOccupationAt = .max
        let width = time &- since  // both in `Edge.timeRange`
        statistics.pulses += 1
        statistics.totalPulseTime &+= width  // pulses do not overlap: at most the time range
        statistics.shortestPulse = min(statistics.shortestPulse, width)
        statistics.longestPulse = max(statistics.longestPulse, width)
        return width
    }

    /// Records a rejected spike; returns a count when chattering starts.
    mutating func spike(at time: Nanoseconds) -> Int? {
        statistics.spikes += 1
        if chatterWindowStart.map({ time - $0 > settings.chatterWindow }) ?? true {
            chatterWindowStart = time
            if spikesInWindow < settings.chatterSpikes { chatterReported = false }
            spikesInWindow = 0
        }
        spikesInWindow += 1
        guard spikesInWindow >= settings.chatterSpikes, !chatterReported else { return nil }
        chatterReported = true
        return spikesInWindow
    }

    mutating func reportLongOccupation() -> Nanoseconds? {
        guard let since = occupiedSince, !longOccupationReported else { return nil }
        longOccupationReported = true
        longOccupationAt = .max
        return since
    }
}
