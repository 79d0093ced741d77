/// Cleans one detector's raw edges: rejects spikes, absorbs contact bounce,
/// bridges short dropouts, and stamps every confirmed change with the time of
/// the true transition (first contact, first release), so the filter delays
/// when a change is known but never the time it reports.
///
/// A change is pending until the raw level has been stable long enough; time
/// passes only through `advance(to:)`, which callers invoke with each raw
/// edge's time (before `apply`) and with explicit ticks.
public struct Debouncer: Sendable {
    /// What the filter concluded at one step.
    public enum Outcome: Sendable, Equatable {
        /// The detector changed at `time` (the true transition's timestamp).
        case changed(occupied: Bool, time: Nanoseconds)
        /// A raw pulse that never became a wheel (spike, EMI, chatter).
        case spikeRejected(time: Nanoseconds)
        /// A raw gap inside an occupied pulse that was bridged.
        case dropoutBridged(time: Nanoseconds)
        /// A raw edge repeated the level the line already had: an edge was lost.
        case lostEdge(time: Nanoseconds)
    }

    // The state in plain fields, not an enum with payloads: every step used
    // to unpack and repack `rising(since:rawHigh:lastChange:)`, and every
    // look at the deadline worked it out again. Free, occupied, rising and
    // falling are `level` (filtered) with `since == .max` (settled) or not.
    /// The filtered level: occupied, or falling (a release pending).
    private var level: Bool
    /// The raw level while a change is pending.
    private var rawHigh = false
    /// When the pending change began; `.max` when nothing is pending.
    private var since = Nanoseconds.max
    /// The latest raw edge of the pending change.
    private var lastChange: Nanoseconds = 0
    /// When the pending change settles (`nextDeadline`); `.max` when none.
    private(set) var settleAt = Nanoseconds.max
    private var settings: DebounceSettings
    /// A pending change that keeps chattering this long is settled anyway, so
    /// a noisy line can never hold the other detector's output back for long.
    private var settleLimit: Nanoseconds

    public init(settings: DebounceSettings = DebounceSettings(), occupied: Bool = false) {
        precondition((1...CountingPointSettings.longestDuration).contains(settings.minimumPulse)
                     && (1...CountingPointSettings.longestDuration).contains(settings.maximumDropout),
                     "debounce thresholds must be positive and at most CountingPointSettings.longestDuration")
        self.settings = settings
        self.level = occupied
        self.settleLimit = 16 * max(settings.minimumPulse, settings.maximumDropout)
    }

    /// New thresholds (a configuration reload). Meant for a settled filter:
    /// a change pending under the old thresholds would settle by a mix of both.
    public mutating func adopt(_ settings: DebounceSettings) {
        precondition((1...CountingPointSettings.longestDuration).contains(settings.minimumPulse)
                     && (1...CountingPointSettings.longestDuration).contains(settings.maximumDropout),
                     "debounce thresholds must be positive and at most CountingPointSettings.longestDuration")
        self.settings = settings
        settleLimit = 16 * max(settings.minimumPulse, settings.maximumDropout)
        if since != .max { settleAt = min(stableAt(rawHigh: rawHigh, lastChange: lastChange), since &+ settleLimit) }
    }

    /// The filtered level.
    public var isOccupied: Bool { level }

    /// The earliest timestamp a change still pending could be reported with.
    public var pendingSince: Nanoseconds? {
        @inline(__always) get { since == .max ? nil : since }
    }

    /// `pendingSince`, or `.max` when nothing is pending.
    var pendingSinceOrMax: Nanoseconds { @inline(__always) get { since } }

    /// Lets time pass up to `now`, settling the next thing that became
    /// stable; call until it returns `nil`. Advancing to `t1` and then `t2`
    /// gives the same outcomes as advancing to `t2` at once.
    public mutating func advance(to now: Nanoseconds) -> Outcome? {
        guard settleAt <= now, settleAt != .max else { return nil }
        return settle()
    }

    /// Applies a raw edge at `time`; call `advance(to: time)` first.
    /// Only a lost edge is reported at once; everything else settles later.
    // Inlined into the counting point's per-change path, with its other
    // steps: 828 -> 749 instructions per clean edge (callgrind).
    @inline(__always) public mutating func apply(occupied high: Bool, at time: Nanoseconds) -> Outcome? {
        if since == .max {
            guard high != level else { return .lostEdge(time: time) }
            since = time
        } else {
            guard high != rawHigh else { return .lostEdge(time: time) }
        }
        rawHigh = high
        lastChange = time
        settleAt = min(stableAt(rawHigh: high, lastChange: time), since &+ settleLimit)
        return nil
    }

    /// When the pending change settles, if nothing else happens first.
    var nextDeadline: Nanoseconds? {
        @inline(__always) get { settleAt == .max ? nil : settleAt }
    }

    /// When a raw level held since `lastChange` counts as stable: a high must
    /// last a minimum pulse, a low a maximum dropout.
    // Wrapping adds here and below: times lie in `Edge.timeRange` and the
    // thresholds within `CountingPointSettings.longestDuration` (init's
    // precondition), so no sum overflows; the checks cost per change.
    @inline(__always) private func stableAt(rawHigh: Bool, lastChange: Nanoseconds) -> Nanoseconds {
        lastChange &+ (rawHigh ? settings.minimumPulse : settings.maximumDropout)
    }

    /// Nothing pending any more; the filtered level is `level`.
    @inline(__always) private mutating func settled(at level: Bool) {
        self.level = level
        since = .max
        settleAt = .max
    }

    /// Applies the rule whose deadline comes first; only while a change is
    /// pending (`settleAt` is not `.max`).
    mutating func settle() -> Outcome {
        let since = self.since
        let stable = stableAt(rawHigh: rawHigh, lastChange: lastChange) <= since &+ settleLimit
        if !level {
            // Rising.
            if stable {
                settled(at: rawHigh)
                return rawHigh ? .changed(occupied: true, time: since) : .spikeRejected(time: since)
            }
            // Chattering without settling: what came so far was noise; a raw
            // high now starts afresh from its own rise.
            restart()
            return .spikeRejected(time: since)
        }
        // Falling.
        if stable {
            settled(at: rawHigh)
            return rawHigh ? .dropoutBridged(time: since) : .changed(occupied: false, time: since)
        }
        // Chattering release: the wheel left when the chatter began.
        restart()
        return .changed(occupied: false, time: since)
    }

    /// After chatter that never settled: free, or a rise pending from the
    /// latest raw edge if the line is high.
    private mutating func restart() {
        if rawHigh {
            level = false
            since = lastChange
            settleAt = min(stableAt(rawHigh: true, lastChange: lastChange), since &+ settleLimit)
        } else {
            settled(at: false)
        }
    }
}
