import WagonCore

/// The verdict of `wagonctl sensor-test`: a technician moves a metal plate
/// (or rolls a wheel) over detector A, then B, a few times; this looks at
/// what both detectors and the core made of it and says what is wrong.
///
/// Feed it every raw edge of the point under test and every event the core
/// produced from them, in order.
public struct SensorCheck: Sendable {
    /// One pass of the plate: raw times of A and B rising and falling.
    public struct Pass: Sendable, Hashable {
        public var direction: Direction?
        public var pulseA: Nanoseconds?
        public var pulseB: Nanoseconds?
        /// Time both were occupied (negative: the gap between them).
        public var overlap: Nanoseconds?
        /// From A occupied to B occupied.
        public var delay: Nanoseconds?
    }

    public private(set) var passes: [Pass] = []
    public private(set) var problems: [String] = []
    private var rise: [Nanoseconds?] = [nil, nil]
    private var fall: [Nanoseconds?] = [nil, nil]
    private var spikes = [0, 0]
    private var incomplete = 0

    public init() {}

    /// A raw edge of the point under test.
    public mutating func observe(_ edge: Edge) {
        let side = Int(edge.detector.side.rawValue)
        if edge.occupied {
            // A new pass starts when both are free again.
            if rise[side] != nil && fall[side] != nil && rise[1 - side] == nil { reset() }
            if rise[side] == nil { rise[side] = edge.time }
        } else {
            fall[side] = edge.time
        }
    }

    /// An event the core decided.
    public mutating func observe(_ event: WagonEvent) {
        switch event {
        case .axle(let axle):
            var pass = Pass(direction: axle.direction)
            if let riseA = rise[0], let fallA = fall[0] { pass.pulseA = fallA - riseA }
            if let riseB = rise[1], let fallB = fall[1] { pass.pulseB = fallB - riseB }
            if let riseA = rise[0], let fallA = fall[0], let riseB = rise[1], let fallB = fall[1] {
                pass.overlap = min(fallA, fallB) - max(riseA, riseB)
                pass.delay = riseB - riseA
            }
            passes.append(pass)
            reset()
        case .health(let health):
            switch health.kind {
            case .chattering(let count): spikes[Int(health.detector.side.rawValue)] += count
            case .incompletePassage:
                incomplete += 1
                reset()
            case .silent: note("detector \(health.detector.side.letter) stayed silent while the other saw the plate: check its wiring, supply and the optocoupler")
            case .longOccupation: note("detector \(health.detector.side.letter) stays occupied: stuck, shorted, or the plate rests on it")
            case .sequenceFault(let fault): note("sequence fault: \(fault.description)")
            case .lostEdge: note("detector \(health.detector.side.letter) lost an edge: pulses too short or the reader too slow")
            case .recovered, .timeWentBackwards, .timeOutOfRange: break
            }
        case .trainStarted, .trainCompleted:
            break
        }
    }

    /// The problems found over the whole test, `passesWanted` being how many
    /// A-then-B passes the technician was asked for.
    public func verdict(passesWanted: Int) -> [String] {
        var found = problems
        let ab = passes.filter { $0.direction == .ab }.count
        let ba = passes.filter { $0.direction == .ba }.count
        if ba > 0 && ab == 0 {
            found.append("every pass was counted B to A: A and B are swapped (or the plate moved from B to A)")
        }
        if passes.isEmpty {
            found.append("no complete pass: the plate must cover A, then both or the gap, then B, and leave B")
        } else if passes.count < passesWanted {
            found.append("only \(passes.count) of \(passesWanted) passes were complete")
        }
        if incomplete > 0 { found.append("\(incomplete) pass\(incomplete == 1 ? " was" : "es were") started but not finished (plate moved back)") }
        for side in Side.allCases where spikes[Int(side.rawValue)] > 0 {
            found.append("detector \(side.letter) chatters (\(spikes[Int(side.rawValue)]) spikes): shielding, grounding or a failing sensor")
        }
        if passes.contains(where: { $0.direction == nil }) {
            found.append("axles were counted without direction: one detector is not working")
        }
        return found
    }

    private mutating func note(_ problem: String) {
        if !problems.contains(problem) { problems.append(problem) }
    }

    private mutating func reset() {
        rise = [nil, nil]
        fall = [nil, nil]
    }
}
