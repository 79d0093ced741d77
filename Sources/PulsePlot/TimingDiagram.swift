import WagonCore

/// Detector levels over a window of time, with what the core decided in it
/// (axles, trains, health events): what `wagonctl plot` draws, as text for
/// a terminal (`text`) or as SVG for a report (`svg`).
///
/// Feed it every edge in time order, from the start of the log or from any
/// point before the window: edges before the window set each row's level at
/// its start; edges after it are ignored. Events are kept when their time
/// falls in the window.
public struct TimingDiagram: Sendable {
    /// One detector's row.
    public struct Row: Sendable, Equatable {
        public var detector: Detector
        public var name: String
        /// The level at the window's start.
        public var initiallyOccupied = false
        /// The changes inside the window, in time order.
        public var changes: [(time: Nanoseconds, occupied: Bool)] = []

        public init(detector: Detector, name: String) {
            self.detector = detector
            self.name = name
        }

        public static func == (lhs: Row, rhs: Row) -> Bool {
            lhs.detector == rhs.detector && lhs.name == rhs.name && lhs.initiallyOccupied == rhs.initiallyOccupied
                && lhs.changes.elementsEqual(rhs.changes) { $0.time == $1.time && $0.occupied == $1.occupied }
        }
    }

    /// A train seen in the window: from its first axle to its last, or to
    /// the window's end while it is still open.
    public struct Train: Sendable, Equatable {
        public var point: Int
        public var number: Int
        public var start: Nanoseconds
        public var end: Nanoseconds?
        public var axles: Int?
        public var direction: Direction?
    }

    public let window: Range<Nanoseconds>
    public private(set) var rows: [Row]
    public private(set) var axles: [AxlePassage] = []
    public private(set) var trains: [Train] = []
    public private(set) var health: [HealthEvent] = []
    /// Edges kept so far, over all rows.
    public private(set) var edgeCount = 0

    /// `rows` in the order they are drawn; edges of other detectors are ignored.
    public init(window: Range<Nanoseconds>, rows: [Row]) {
        precondition(!window.isEmpty, "a timing diagram needs a window of some length")
        self.window = window
        self.rows = rows
    }

    public mutating func add(_ edge: Edge) {
        guard edge.time < window.upperBound,
              let index = rows.firstIndex(where: { $0.detector == edge.detector }) else { return }
        if edge.time < window.lowerBound {
            rows[index].initiallyOccupied = edge.occupied
        } else {
            rows[index].changes.append((edge.time, edge.occupied))
            edgeCount += 1
        }
    }

    public mutating func add(_ event: WagonEvent) {
        switch event {
        case .axle(let axle) where window.contains(axle.time):
            axles.append(axle)
        case .trainStarted(let start) where start.time < window.upperBound:
            trains.append(Train(point: start.point, number: start.number, start: start.time, end: nil,
                                axles: nil, direction: start.direction))
        case .trainCompleted(let report) where report.start < window.upperBound && report.end >= window.lowerBound:
            let train = Train(point: report.point, number: report.number, start: report.start, end: report.end,
                              axles: report.axles, direction: report.direction)
            if let open = trains.firstIndex(where: { $0.point == report.point && $0.number == report.number }) {
                trains[open] = train
            } else {
                trains.append(train)
            }
        case .trainCompleted(let report):
            // Ended before the window: forget its start.
            trains.removeAll { $0.point == report.point && $0.number == report.number }
        case .health(let event) where window.contains(event.time):
            health.append(event)
        default:
            break
        }
    }
}
