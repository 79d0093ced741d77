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

    private enum Mode: Sendable, Equatable {
        case normal
        /// The other detector is silent; each pulse of `live` is an axle.
        case degraded(live: Side)
    }

    public let index: Int
    public let settings: CountingPointSettings
    private var debouncers: [Debouncer]
    private var monitors: [DetectorMonitor]
    private var held: [Change] = []
    private var decoder: WheelDecoder
    private var assembler: TrainAssembler
    private var mode = Mode.normal
    /// Complete pulses per side since the other side last changed, as
    /// degraded-mode axles in case the other side turns out to be silent.
    private var pulsesAlone: [[AxlePassage]] = [[], []]
    private var time = Nanoseconds.min

    public init(index: Int, settings: CountingPointSettings) {
        self.index = index
        self.settings = settings
        debouncers = [Debouncer(settings: settings.debounce), Debouncer(settings: settings.debounce)]
        monitors = [DetectorMonitor(settings: settings.health), DetectorMonitor(settings: settings.health)]
        decoder = WheelDecoder(point: index, settings: settings)
        assembler = TrainAssembler(point: index, settings: settings)
        held.reserveCapacity(8)
        pulsesAlone[0].reserveCapacity(settings.health.silentAfterPulses)
        pulsesAlone[1].reserveCapacity(settings.health.silentAfterPulses)
    }

    public func statistics(of side: Side) -> DetectorStatistics { monitors[Int(side.rawValue)].statistics }
    public var geometry: ZoneGeometry { decoder.geometry }
    public var trainsStarted: Int { assembler.trainsStarted }
    public var hasOpenTrain: Bool { assembler.isOpen }

    private func detector(_ side: Side) -> Detector { Detector(point: index, side: side) }

    /// Feeds one raw edge of this point.
    public mutating func process(_ side: Side, occupied: Bool, at rawTime: Nanoseconds, into events: inout [WagonEvent]) {
        var at = rawTime
        if at < time {
            events.append(.health(HealthEvent(detector: detector(side), time: time, kind: .timeWentBackwards(by: time - at))))
            at = time
        }
        advance(to: at, into: &events)
        if case .lostEdge = debouncers[Int(side.rawValue)].apply(occupied: occupied, at: at) {
            monitors[Int(side.rawValue)].statistics.lostEdges += 1
            assembler.flag(.edgesLost)
            events.append(.health(HealthEvent(detector: detector(side), time: at, kind: .lostEdge)))
        }
    }

    /// Lets time pass: the caller promises no edge older than `now` follows.
    public mutating func advance(to now: Nanoseconds, into events: inout [WagonEvent]) {
        time = max(time, now)
        while true {
            while let outcome = debouncers[0].advance(to: now) { filtered(outcome, on: .a, into: &events) }
            while let outcome = debouncers[1].advance(to: now) { filtered(outcome, on: .b, into: &events) }
            let horizon = releaseHeld(into: &events)
            guard let (deadline, action) = nextDeadline(), deadline <= now, deadline < horizon else { return }
            switch action {
            case .wheel:
                if let outcome = decoder.advance(to: deadline) { decoded(outcome, into: &events) }
            case .train:
                assembler.close(interrupted: false, into: &events)
            case .longOccupation(let side):
                if let since = monitors[Int(side.rawValue)].reportLongOccupation() {
                    events.append(.health(HealthEvent(detector: detector(side), time: deadline, kind: .longOccupation(since: since))))
                }
            }
        }
    }

    /// End of input: settles what is pending and closes the open train.
    public mutating func finish(into events: inout [WagonEvent]) {
        for side in Side.allCases {
            while let outcome = debouncers[Int(side.rawValue)].advance(to: .max) {
                filtered(outcome, on: side, into: &events)
            }
        }
        _ = releaseHeld(into: &events)
        if let outcome = decoder.advance(to: .max) { decoded(outcome, into: &events) }
        let occupied = monitors[0].statistics.isOccupied || monitors[1].statistics.isOccupied
        assembler.close(interrupted: occupied || decoder.isBusy, into: &events)
    }

    private enum DeadlineAction { case wheel, train, longOccupation(Side) }

    private func nextDeadline() -> (Nanoseconds, DeadlineAction)? {
        var next: (Nanoseconds, DeadlineAction)?
        func consider(_ deadline: Nanoseconds?, _ action: DeadlineAction) {
            if let deadline, deadline < next?.0 ?? .max { next = (deadline, action) }
        }
        consider(decoder.deadline, .wheel)
        if !decoder.isBusy && !monitors[0].statistics.isOccupied && !monitors[1].statistics.isOccupied {
            consider(assembler.closingDeadline, .train)
        }
        consider(monitors[0].longOccupationDeadline, .longOccupation(.a))
        consider(monitors[1].longOccupationDeadline, .longOccupation(.b))
        return next
    }

    /// Releases confirmed changes that nothing pending can precede; returns
    /// the earliest time something may still be released (the horizon).
    private mutating func releaseHeld(into events: inout [WagonEvent]) -> Nanoseconds {
        let pending = min(debouncers[0].pendingSince ?? .max, debouncers[1].pendingSince ?? .max)
        while let first = held.first, first.time < pending {
            if held.count == 1 { held.removeAll(keepingCapacity: true) } else { held.removeFirst() }
            apply(first, into: &events)
        }
        return min(pending, held.first?.time ?? .max)
    }

    private mutating func filtered(_ outcome: Debouncer.Outcome, on side: Side, into events: inout [WagonEvent]) {
        let i = Int(side.rawValue)
        switch outcome {
        case .changed(let occupied, let time):
            let change = Change(side: side, occupied: occupied, time: time)
            // Almost always in order already: append, then bubble back.
            held.append(change)
            var slot = held.count - 1
            while slot > 0, (held[slot - 1].time, held[slot - 1].side.rawValue) > (time, side.rawValue) {
                held.swapAt(slot - 1, slot)
                slot -= 1
            }
        case .spikeRejected(let time):
            if let spikes = monitors[i].spike(at: time) {
                events.append(.health(HealthEvent(detector: detector(side), time: time, kind: .chattering(spikes: spikes))))
            }
        case .dropoutBridged:
            monitors[i].statistics.dropouts += 1
        case .lostEdge:
            break
        }
    }

    /// A debounced change in time order: health, silence, then decoding.
    private mutating func apply(_ change: Change, into events: inout [WagonEvent]) {
        let side = change.side
        let i = Int(side.rawValue)
        let width = monitors[i].changed(occupied: change.occupied, at: change.time)
        assembler.observeActivity(at: change.time)

        // This side is alive: whatever its partner did alone proves nothing.
        if !pulsesAlone[1 - i].isEmpty { pulsesAlone[1 - i].removeAll(keepingCapacity: true) }
        if mode == .degraded(live: side.other) {
            mode = .normal
            monitors[i].statistics.isSilent = false
            decoder.resynchronise()
            events.append(.health(HealthEvent(detector: detector(side), time: change.time, kind: .recovered)))
        }

        if let width {
            let speed = settings.detectionZone / (Double(max(width, 1)) / 1e9)
            let passage = AxlePassage(point: index, direction: nil, time: change.time - width / 2,
                                      speed: min(speed, settings.maximumSpeed), decidedAt: change.time)
            if mode == .degraded(live: side) {
                addDegraded(passage, silent: side.other, into: &events)
            } else {
                pulsesAlone[i].append(passage)
                if pulsesAlone[i].count >= settings.health.silentAfterPulses {
                    enterDegradedMode(live: side, into: &events)
                }
            }
        }

        let outcome = decoder.apply(side, occupied: change.occupied, at: change.time)
        if mode == .normal, let outcome { decoded(outcome, into: &events) }
        if !decoder.isBusy && !assembler.isOpen { assembler.dropCarriedFlags() }
    }

    private mutating func enterDegradedMode(live: Side, into events: inout [WagonEvent]) {
        let silent = live.other
        mode = .degraded(live: live)
        monitors[Int(silent.rawValue)].statistics.isSilent = true
        decoder.resynchronise()
        let waiting = pulsesAlone[Int(live.rawValue)]
        pulsesAlone[Int(live.rawValue)].removeAll(keepingCapacity: true)
        events.append(.health(HealthEvent(detector: detector(silent), time: waiting.first?.time ?? time, kind: .silent)))
        for passage in waiting { addDegraded(passage, silent: silent, into: &events) }
    }

    private mutating func addDegraded(_ passage: AxlePassage, silent: Side, into events: inout [WagonEvent]) {
        events.append(.axle(passage))
        assembler.add(passage, into: &events)
        assembler.flag(silent == .a ? .degradedA : .degradedB)
    }

    private mutating func decoded(_ outcome: WheelDecoder.Outcome, into events: inout [WagonEvent]) {
        switch outcome {
        case .passage(let passage):
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
