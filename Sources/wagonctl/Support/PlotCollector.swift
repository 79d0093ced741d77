import WagonCore

/// Gathers, from logs read once from their start, the edges and events of
/// the window `wagonctl plot` draws: a train (found by the core while
/// reading, so edges are held until it is known which train that is) or a
/// stretch of time since the first edge.
struct PlotCollector {
    enum Target: Equatable {
        /// The Nth train to start (1-based).
        case train(Int)
        /// The first train that is still over the point at `time` or
        /// comes after it.
        case trainAt(Nanoseconds)
        /// From `from` after the log's first edge, for `span`.
        case time(from: Nanoseconds, span: Nanoseconds)
    }

    let target: Target
    /// Drawn either side of a train.
    let margin: Nanoseconds
    /// How long the core is run past the window's end, so that the wheels
    /// in its last moments are decided.
    let tail: Nanoseconds
    /// The first axle of a train is decided only when its wheel has left
    /// the point: edges this much older than any train could need are kept.
    let preRoll: Nanoseconds
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
    /// Trains started so far; those not yet completed, with their place in
    /// that order; the one drawn and its place.
    private(set) var trainsStarted = 0
    private var openTrains: [(start: TrainStart, ordinal: Int)] = []
    private(set) var chosen: (report: TrainReport, ordinal: Int)?

    init(target: Target, margin: Nanoseconds = 1_000_000_000, tail: Nanoseconds = 1_000_000_000,
         preRoll: Nanoseconds = 10_000_000_000, edgeLimit: Int = 2_000_000) {
        self.target = target
        self.margin = margin
        self.tail = tail
        self.preRoll = preRoll
        self.edgeLimit = edgeLimit
    }

    /// The edges held, in time order.
    var edges: ArraySlice<Edge> { held[dropped...] }

    /// True once the window is known and the logs have gone `tail` past it.
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

    mutating func add(_ event: WagonEvent) {
        switch event {
        case .trainStarted(let start):
            trainsStarted += 1
            openTrains.append((start, trainsStarted))
        case .trainCompleted(let report):
            guard let open = openTrains.firstIndex(where: { $0.start.point == report.point && $0.start.number == report.number })
            else { break }
            let ordinal = openTrains.remove(at: open).ordinal
            guard window == nil else { break }
            let wanted = switch target {
            case .train(let number): ordinal == number
            case .trainAt(let time): report.end >= time
            case .time: false
            }
            if wanted {
                chosen = (report, ordinal)
                window = (report.start - margin)..<(report.end + margin)
            }
        default:
            break
        }
        events.append(event)
    }

    /// Call after the events of each chunk: while the window is unknown,
    /// forgets what neither an open train nor one yet to come could need.
    mutating func endChunk() {
        guard window == nil, let latestTime else { return }
        var horizon = latestTime - margin - preRoll
        if let earliest = openTrains.map(\.start.time).min() { horizon = min(horizon, earliest - margin - preRoll) }
        dropOlder(than: horizon)
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
