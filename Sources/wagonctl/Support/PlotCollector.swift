import WagonCore

/// Gathers, from a log read once from its start, the edges and events of
/// the window `wagonctl plot` draws: a train (found by the core while
/// reading, so the edges before it are kept for a while on the chance the
/// next train is the one) or a stretch of time since the first edge.
struct PlotCollector {
    enum Target: Equatable {
        /// The Nth train to start (1-based), with `margin` either side.
        case train(Int, margin: Nanoseconds)
        /// From `from` after the log's first edge, for `span`.
        case time(from: Nanoseconds, span: Nanoseconds)
    }

    let target: Target
    /// How long the core is run past the window's end, so that the wheels
    /// in its last moments are decided.
    let tail: Nanoseconds
    /// At most this many edges are held; a window with more is refused.
    let edgeLimit: Int

    private(set) var window: Range<Nanoseconds>?
    private(set) var firstTime: Nanoseconds?
    private(set) var latestTime: Nanoseconds?
    /// Each detector's level before the first edge held.
    private(set) var levelsBefore: [Detector: Bool] = [:]
    private var held: [Edge] = []
    private var dropped = 0
    private(set) var events: [WagonEvent] = []
    /// Trains started so far, and the one drawn once it has started.
    private(set) var trainsStarted = 0
    private(set) var chosen: TrainStart?
    private(set) var chosenReport: TrainReport?

    init(target: Target, tail: Nanoseconds = 1_000_000_000, edgeLimit: Int = 2_000_000) {
        self.target = target
        self.tail = tail
        self.edgeLimit = edgeLimit
    }

    /// The edges held, in time order.
    var edges: ArraySlice<Edge> { held[dropped...] }

    /// True once the window is known and the log has gone `tail` past it.
    var isComplete: Bool {
        guard let window, let latestTime else { return false }
        return latestTime >= window.upperBound &+ tail
    }

    struct TooManyEdges: Error {}

    mutating func add(_ chunk: [Edge]) throws(TooManyEdges) {
        guard let last = chunk.last else { return }
        if firstTime == nil, case .time(let from, let span) = target {
            let first = chunk[0].time
            window = (first + from)..<(first + from + span)
        }
        firstTime = firstTime ?? chunk[0].time
        latestTime = last.time
        for edge in chunk {
            if let window, edge.time >= window.upperBound &+ tail { break }
            if let window, edge.time < window.lowerBound {
                levelsBefore[edge.detector] = edge.occupied
                continue
            }
            held.append(edge)
        }
        guard held.count - dropped <= edgeLimit else { throw TooManyEdges() }
    }

    /// Call after the events of each chunk: until the train drawn has
    /// started, what is older than it could need is forgotten. The first
    /// axle of a train is decided when its wheel has left the point, so
    /// `preRoll` keeps the edges of a wheel that stood on it that long.
    mutating func endChunk(preRoll: Nanoseconds = 10_000_000_000) {
        guard window == nil, chosen == nil, let latestTime else { return }
        dropOlder(than: latestTime - margin - preRoll)
    }

    mutating func add(_ event: WagonEvent) {
        switch event {
        case .trainStarted(let start):
            trainsStarted += 1
            if case .train(let number, _) = target, trainsStarted == number { chosen = start }
        case .trainCompleted(let report):
            if let chosen, chosenReport == nil, report.point == chosen.point, report.number == chosen.number {
                chosenReport = report
                window = (report.start - margin)..<(report.end + margin)
            }
        default:
            break
        }
        events.append(event)
    }

    private var margin: Nanoseconds {
        if case .train(_, let margin) = target { return margin }
        return 0
    }

    /// Forgets edges and events before `time`, keeping the levels they set.
    private mutating func dropOlder(than time: Nanoseconds) {
        while dropped < held.count && held[dropped].time < time {
            levelsBefore[held[dropped].detector] = held[dropped].occupied
            dropped += 1
        }
        if dropped > 65_536 && dropped * 2 > held.count {
            held.removeFirst(dropped)
            dropped = 0
        }
        events.removeAll { $0.time < time }
    }
}

extension WagonEvent {
    /// When it happened: an axle's or a health event's time, a train's
    /// start or end.
    var time: Nanoseconds {
        switch self {
        case .trainStarted(let start): start.time
        case .axle(let axle): axle.time
        case .trainCompleted(let report): report.end
        case .health(let event): event.time
        }
    }
}
