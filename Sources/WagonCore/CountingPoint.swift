/// One counting point's whole pipeline: two debouncers, a merge into time
/// order, the wheel decoder, the health monitor and the train assembler.
///
/// Debounced changes are confirmed a little after they happened, and a
/// bouncing detector confirms later than a clean one; so confirmed changes
/// wait in `held` until the other detector has nothing pending that could
/// still be stamped earlier. Deadlines (gap windows, idle trains, long
/// occupation) are only acted on once nothing earlier can still arrive, which
/// keeps the output independent of how input and ticks are chunked.
public struct CountingPoint: Sendable {
    private struct Change: Sendable {
        var side: Side
        var occupied: Bool
        var time: Nanoseconds
    }

    /// A complete pulse on one detector: when it ended and how long it was.
    private struct Pulse: Sendable {
        var end: Nanoseconds
        var width: Nanoseconds
    }

    /// The complete pulses of one detector since the other last changed.
    /// The first is kept inline: with both detectors working there is never
    /// a second, so the per-change path writes no array (each write to one
    /// was a uniqueness check, a call).
    private struct PulsesAlone: Sendable {
        private var first = Pulse(end: 0, width: 0)
        private var more: SmallQueue<Pulse>
        private(set) var count = 0

        init(capacity: Int) {
            more = SmallQueue(capacity: max(capacity - 1, 1), filler: Pulse(end: 0, width: 0))
        }

        @inline(__always) mutating func append(_ pulse: Pulse) {
            if count == 0 { first = pulse } else { more.append(pulse) }
            count += 1
        }

        @inline(__always) mutating func removeAll() {
            if count > 1 { more.removeAll() }
            count = 0
        }

        /// The pulses in order, for the rare path that wants an array.
        var elements: [Pulse] { count == 0 ? [] : [first] + more.elements }
    }

    private enum Mode: Sendable, Equatable {
        case normal
        /// The other detector is silent; each pulse of `live` is an axle.
        case degraded(live: Side)
    }

    public let index: Int
    public private(set) var settings: CountingPointSettings
    // Two named fields, not arrays: no uniqueness checks on the hot path.
    private var debouncerA: Debouncer
    private var debouncerB: Debouncer
    private var monitorA: DetectorMonitor
    private var monitorB: DetectorMonitor
    /// Confirmed changes waiting for the other detector to settle.
    private var held = SmallQueue(capacity: 8, filler: Change(side: .a, occupied: false, time: 0))
    private var decoder: WheelDecoder
    private var assembler: TrainAssembler
    private var mode = Mode.normal
    /// Complete pulses per side since the other side last changed, as
    /// degraded-mode axles in case the other side turns out to be silent.
    private var pulsesAloneA: PulsesAlone
    private var pulsesAloneB: PulsesAlone
    private var time = Nanoseconds.min
    /// Nothing can happen before this time unless an edge arrives: lets
    /// `advance(to:)` return at once on the common path. Only ever early.
    private var wakeup = Nanoseconds.min

    public init(index: Int, settings: CountingPointSettings) {
        precondition(settings.durationsAreInRange, "durations must lie within 0...CountingPointSettings.longestDuration")
        self.index = index
        self.settings = settings
        debouncerA = Debouncer(settings: settings.debounce)
        debouncerB = Debouncer(settings: settings.debounce)
        monitorA = DetectorMonitor(settings: settings.health)
        monitorB = DetectorMonitor(settings: settings.health)
        decoder = WheelDecoder(point: index, settings: settings)
        assembler = TrainAssembler(point: index, settings: settings)
        pulsesAloneA = PulsesAlone(capacity: settings.health.silentAfterPulses)
        pulsesAloneB = PulsesAlone(capacity: settings.health.silentAfterPulses)
    }

    public func statistics(of side: Side) -> DetectorStatistics { side == .a ? monitorA.statistics : monitorB.statistics }
    public var geometry: ZoneGeometry { decoder.geometry }
    public var trainsStarted: Int { assembler.trainsStarted }
    public var hasOpenTrain: Bool { assembler.isOpen }

    /// Nothing in flight: no train open, both detectors free with nothing
    /// pending, no wheel being followed. New settings take effect only then,
    /// so no train or wheel is ever judged by two sets of rules.
    public var isQuiet: Bool {
        !assembler.isOpen && held.isEmpty && !decoder.isBusy && !decoder.isParked
            && !debouncerA.isOccupied && !debouncerB.isOccupied
            && debouncerA.pendingSince == nil && debouncerB.pendingSince == nil
    }

    /// Takes new settings (a configuration reload) if the point is quiet;
    /// returns false, changing nothing, while anything is in flight. The
    /// detectors' statistics, health and degraded mode carry over.
    public mutating func adopt(_ settings: CountingPointSettings) -> Bool {
        precondition(settings.durationsAreInRange, "durations must lie within 0...CountingPointSettings.longestDuration")
        guard isQuiet else { return false }
        debouncerA.adopt(settings.debounce)
        debouncerB.adopt(settings.debounce)
        monitorA.adopt(settings.health)
        monitorB.adopt(settings.health)
        decoder.adopt(settings)
        assembler.adopt(settings)
        if settings.health.silentAfterPulses != self.settings.health.silentAfterPulses {
            // History for spotting a silent detector; it restarts at the new length.
            pulsesAloneA = PulsesAlone(capacity: settings.health.silentAfterPulses)
            pulsesAloneB = PulsesAlone(capacity: settings.health.silentAfterPulses)
        }
        self.settings = settings
        wakeup = .min  // deadlines are worked out afresh under the new settings
        return true
    }

    private func detector(_ side: Side) -> Detector { Detector(point: index, side: side) }

    /// Runs `body` on one side's monitor in place.
    private mutating func monitor<R>(_ side: Side, _ body: (inout DetectorMonitor) -> R) -> R {
        side == .a ? body(&monitorA) : body(&monitorB)
    }

    /// The earliest time at which letting time pass could decide anything
    /// (a wheel, a closing train, a health alarm) with no new edge; `nil`
    /// when nothing waits on time. A live consumer sleeps until then instead
    /// of polling. Never late; it may be early, and advancing to an early
    /// deadline merely finds nothing to do and moves it on.
    public var nextDeadline: Nanoseconds? {
        // `wakeup` is that time once past the last edge or tick. At or
        // before it, a due decision is held back by a change still pending
        // on a detector, so the pending changes' settling times come next.
        let next = wakeup > time ? wakeup : min(debouncerA.settleAt, debouncerB.settleAt)
        return next == .max ? nil : next
    }

    /// Feeds one raw edge of this point.
    public mutating func process(_ side: Side, occupied: Bool, at rawTime: Nanoseconds, into events: inout [WagonEvent]) {
        var at = rawTime
        // One unsigned compare catches both ends of the range.
        if at < time || UInt64(bitPattern: at) > UInt64(Edge.timeRange.upperBound) {
            at = clamped(rawTime, on: side, into: &events)
        }
        advance(to: at, into: &events)
        let outcome = side == .a ? debouncerA.apply(occupied: occupied, at: at) : debouncerB.apply(occupied: occupied, at: at)
        wakeup = min(wakeup, side == .a ? debouncerA.settleAt : debouncerB.settleAt)
        if case .lostEdge = outcome { lostEdge(on: side, at: at, into: &events) }
    }

    /// An edge's time brought into `Edge.timeRange` and up to the time
    /// already reached, each reported.
    @inline(never) private mutating func clamped(_ rawTime: Nanoseconds, on side: Side, into events: inout [WagonEvent]) -> Nanoseconds {
        var at = rawTime
        if !Edge.timeRange.contains(at) {
            at = min(max(at, Edge.timeRange.lowerBound), Edge.timeRange.upperBound)
            events.append(.health(HealthEvent(detector: detector(side), time: at, kind: .timeOutOfRange(raw: rawTime))))
        }
        if at < time {
            events.append(.health(HealthEvent(detector: detector(side), time: time, kind: .timeWentBackwards(by: time - at))))
            at = time
        }
        return at
    }

    @inline(never) private mutating func lostEdge(on side: Side, at time: Nanoseconds, into events: inout [WagonEvent]) {
        monitor(side) { $0.statistics.lostEdges += 1 }
        assembler.flag(.edgesLost)
        events.append(.health(HealthEvent(detector: detector(side), time: time, kind: .lostEdge)))
    }

    /// Lets time pass: the caller promises no edge older than `now` follows.
    /// `now` is at most `Edge.timeRange.upperBound`, as edges are clamped up
    /// to it (`WagonCounter` clamps its ticks; checking here cost 3
    /// instructions per edge).
    public mutating func advance(to now: Nanoseconds, into events: inout [WagonEvent]) {
        time = max(time, now)
        guard now >= wakeup else { return }
        // `settleAt` is `.max` when nothing is pending: never settle that.
        let settleBy = min(now, .max - 1)
        while true {
            // A's due changes, then B's (settling one never makes the other
            // due), through one call site, so that `filtered` is inlined once.
            while true {
                let outcome: Debouncer.Outcome
                let side: Side
                if debouncerA.settleAt <= settleBy {
                    (outcome, side) = (debouncerA.settle(), .a)
                } else if debouncerB.settleAt <= settleBy {
                    (outcome, side) = (debouncerB.settle(), .b)
                } else {
                    break
                }
                filtered(outcome, on: side, into: &events)
            }
            let pending = min(debouncerA.pendingSinceOrMax, debouncerB.pendingSinceOrMax)
            let horizon = held.isEmpty ? pending : releaseHeld(before: pending, into: &events)
            let (deadline, action) = dueDecision()
            guard deadline <= now, deadline < horizon else {
                wakeup = min(deadline, debouncerA.settleAt, debouncerB.settleAt)
                return
            }
            if case .none = action { return }
            decide(action, at: deadline, into: &events)
        }
    }

    /// Acts on a due deadline: rare next to changes, so kept out of line.
    @inline(never) private mutating func decide(_ action: DeadlineAction, at deadline: Nanoseconds, into events: inout [WagonEvent]) {
        switch action {
        case .none:
            return
        case .wheel:
            if let outcome = decoder.advance(to: deadline) { decoded(outcome, into: &events) }
        case .train:
            assembler.close(interrupted: false, into: &events)
        case .longOccupation(let side):
            if let since = monitor(side, { $0.reportLongOccupation() }) {
                events.append(.health(HealthEvent(detector: detector(side), time: deadline, kind: .longOccupation(since: since))))
            }
        }
    }

    /// End of input: settles what is pending and closes the open train,
    /// flagged interrupted if a wheel is still on the point, or if asked.
    public mutating func finish(interrupting: Bool = false, into events: inout [WagonEvent]) {
        while let outcome = debouncerA.advance(to: .max) { filtered(outcome, on: .a, into: &events) }
        while let outcome = debouncerB.advance(to: .max) { filtered(outcome, on: .b, into: &events) }
        _ = releaseHeld(before: min(debouncerA.pendingSinceOrMax, debouncerB.pendingSinceOrMax), into: &events)
        if let outcome = decoder.advance(to: .max) { decoded(outcome, into: &events) }
        if let outcome = decoder.endOfInput() { decoded(outcome, into: &events) }
        let occupied = monitorA.statistics.isOccupied || monitorB.statistics.isOccupied
        assembler.close(interrupted: interrupting || occupied || decoder.isBusy, into: &events)
    }

    private enum DeadlineAction { case none, wheel, train, longOccupation(Side) }

    /// The earliest deadline of the decoder, the open train and the
    /// monitors (`.max` and `.none` if there is none).
    // `mutating` only so that it borrows self in place: as a plain method the
    // compiler copied the whole point (1 KB) on every call.
    // Inlined, like `releaseHeld`, `filtered` and `apply`, and the decoder's,
    // debouncer's, monitor's and queue's per-change steps: 828 -> 749
    // instructions per clean edge (callgrind).
    @inline(__always) private mutating func dueDecision() -> (Nanoseconds, DeadlineAction) {
        var next: (Nanoseconds, DeadlineAction) = (.max, .none)
        if let deadline = decoder.deadline { next = (deadline, .wheel) }
        if !decoder.isBusy && !monitorA.statistics.isOccupied && !monitorB.statistics.isOccupied,
           let deadline = assembler.closingDeadline(wheelMayBeStanding: decoder.isParked), deadline < next.0 {
            next = (deadline, .train)
        }
        if monitorA.longOccupationAt < next.0 { next = (monitorA.longOccupationAt, .longOccupation(.a)) }
        if monitorB.longOccupationAt < next.0 { next = (monitorB.longOccupationAt, .longOccupation(.b)) }
        return next
    }

    /// Releases confirmed changes that nothing pending can precede; returns
    /// the earliest time something may still be released (the horizon).
    /// `pending` is the earliest time a change still pending on a detector
    /// could be stamped with.
    @inline(never) private mutating func releaseHeld(before pending: Nanoseconds, into events: inout [WagonEvent]) -> Nanoseconds {
        while let first = held.first, first.time < pending {
            _ = held.popFirst()
            apply(first, into: &events)
        }
        return min(pending, held.first?.time ?? .max)
    }

    @inline(__always) private mutating func filtered(_ outcome: Debouncer.Outcome, on side: Side, into events: inout [WagonEvent]) {
        switch outcome {
        case .changed(let occupied, let time):
            let change = Change(side: side, occupied: occupied, time: time)
            let other = side == .a ? debouncerB.pendingSinceOrMax : debouncerA.pendingSinceOrMax
            if held.isEmpty && time < other {
                // Nothing can come before it: straight through.
                apply(change, into: &events)
                return
            }
            hold(change)
        case .spikeRejected, .dropoutBridged, .lostEdge:
            noted(outcome, on: side, into: &events)
        }
    }

    /// A confirmed change that must wait for the other detector: out of
    /// line, so the straight-through path stays small enough to inline.
    @inline(never) private mutating func hold(_ change: Change) {
        // Almost always in order already: append, then bubble back.
        held.append(change)
        var slot = held.count - 1
        while slot > 0, (held[slot - 1].time, held[slot - 1].side.rawValue) > (change.time, change.side.rawValue) {
            (held[slot - 1], held[slot]) = (held[slot], held[slot - 1])
            slot -= 1
        }
    }

    /// What the debouncer filtered out, for the detector's health.
    @inline(never) private mutating func noted(_ outcome: Debouncer.Outcome, on side: Side, into events: inout [WagonEvent]) {
        switch outcome {
        case .spikeRejected(let time):
            if let spikes = monitor(side, { $0.spike(at: time) }) {
                events.append(.health(HealthEvent(detector: detector(side), time: time, kind: .chattering(spikes: spikes))))
            }
        case .dropoutBridged:
            monitor(side) { $0.statistics.dropouts += 1 }
        case .changed, .lostEdge:
            break
        }
    }

    /// A debounced change in time order: health, silence, then decoding.
    @inline(__always) private mutating func apply(_ change: Change, into events: inout [WagonEvent]) {
        let side = change.side
        let width = side == .a ? monitorA.changed(occupied: change.occupied, at: change.time)
            : monitorB.changed(occupied: change.occupied, at: change.time)
        assembler.observeActivity(at: change.time)

        // This side is alive: whatever its partner did alone proves nothing.
        if side == .a { pulsesAloneB.removeAll() } else { pulsesAloneA.removeAll() }
        if mode == .degraded(live: side.other) { recovered(side, at: change.time, into: &events) }

        if let width {
            let pulse = Pulse(end: change.time, width: width)
            if mode == .degraded(live: side) {
                addDegraded(pulse, silent: side.other, into: &events)
            } else {
                if side == .a { pulsesAloneA.append(pulse) } else { pulsesAloneB.append(pulse) }
                if (side == .a ? pulsesAloneA.count : pulsesAloneB.count) >= settings.health.silentAfterPulses {
                    enterDegradedMode(live: side, into: &events)
                }
            }
        }

        let outcome = decoder.apply(side, occupied: change.occupied, at: change.time)
        if mode == .normal, let outcome { decoded(outcome, into: &events) }
        if !decoder.isBusy && !assembler.isOpen { assembler.dropCarriedFlags() }
    }

    /// The silent detector `side` changed again: full counting resumes.
    @inline(never) private mutating func recovered(_ side: Side, at time: Nanoseconds, into events: inout [WagonEvent]) {
        mode = .normal
        monitor(side) { $0.statistics.isSilent = false }
        decoder.resynchronise()
        events.append(.health(HealthEvent(detector: detector(side), time: time, kind: .recovered)))
    }

    @inline(never) private mutating func enterDegradedMode(live: Side, into events: inout [WagonEvent]) {
        let silent = live.other
        mode = .degraded(live: live)
        monitor(silent) { $0.statistics.isSilent = true }
        decoder.resynchronise()
        let waiting = live == .a ? pulsesAloneA.elements : pulsesAloneB.elements
        if live == .a { pulsesAloneA.removeAll() } else { pulsesAloneB.removeAll() }
        let since = waiting.first.map { $0.end - $0.width } ?? time
        events.append(.health(HealthEvent(detector: detector(silent), time: since, kind: .silent)))
        for pulse in waiting { addDegraded(pulse, silent: silent, into: &events) }
    }

    /// A pulse of the live detector as an axle: no direction, speed from the
    /// pulse width and the detection zone.
    @inline(never) private mutating func addDegraded(_ pulse: Pulse, silent: Side, into events: inout [WagonEvent]) {
        let speed = settings.detectionZone / (Double(max(pulse.width, 1)) / 1e9)
        let passage = AxlePassage(point: index, direction: nil, time: pulse.end - pulse.width / 2,
                                  speed: min(speed, settings.maximumSpeed), decidedAt: pulse.end)
        events.append(.axle(passage))
        assembler.add(passage, into: &events)
        assembler.flag(silent == .a ? .degradedA : .degradedB)
    }

    private mutating func decoded(_ outcome: WheelDecoder.Outcome, into events: inout [WagonEvent]) {
        switch outcome {
        case .passage:
            let passage = decoder.passage
            events.append(.axle(passage))
            assembler.add(passage, into: &events)
        case .incomplete(let entry, let time):
            // Rocking matters to a train only once it is under way.
            if assembler.isOpen { assembler.flag(.rocking) }
            events.append(.health(HealthEvent(detector: detector(entry), time: time, kind: .incompletePassage)))
        case .fault(let fault, let time):
            assembler.flag(.sensorFault)
            events.append(.health(HealthEvent(detector: detector(.a), time: time, kind: .sequenceFault(fault))))
        }
    }
}
