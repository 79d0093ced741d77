import WagonCore

/// Everything needed to reproduce a simulated pulse log: trains, sensor,
/// seed and clock. `generate()` is a pure function of these values.
public struct Scenario: Sendable, Hashable {
    /// Trains in the order they pass, each separated by `gap`.
    public var trains: [TrainRun]
    public var sensor: SensorModel
    /// Seeds the sensor noise; the trains' motion is deterministic anyway.
    public var seed: UInt64
    /// Time 0 of the first train's motion, on the log's clock.
    public var startTime: Nanoseconds
    /// Quiet time between one train's last noise-free edge and the next
    /// train's first, s.
    public var gap: Double

    public static let defaultStartTime: Nanoseconds = 1_700_000_000_000_000_000

    public init(trains: [TrainRun], sensor: SensorModel = .ideal, seed: UInt64 = 1,
                startTime: Nanoseconds = Scenario.defaultStartTime, gap: Double = 60) {
        precondition(!trains.isEmpty, "a scenario needs at least one train")
        precondition(gap > 0, "trains must be separated by a positive gap")
        self.trains = trains
        self.sensor = sensor
        self.seed = seed
        self.startTime = startTime
        self.gap = gap
    }

    /// A single train.
    public init(consist: Consist, profile: MotionProfile, direction: TravelDirection = .ab,
                sensor: SensorModel = .ideal, seed: UInt64 = 1,
                startTime: Nanoseconds = Scenario.defaultStartTime) {
        self.init(trains: [TrainRun(consist: consist, profile: profile, direction: direction)],
                  sensor: sensor, seed: seed, startTime: startTime)
    }

    /// The pulse log this scenario produces, with the trains a correct counter
    /// should report.
    public func generate() -> SimulatedLog {
        let geometry = PointGeometry(sensor)
        var clean: [[TimedLevel]] = [[], []]  // indexed by Side.rawValue
        var expected: [ExpectedTrain] = []
        var offset = startTime
        var previousEnd: Nanoseconds?

        for run in trains {
            let trajectory = run.profile.trajectory(axleOffsets: run.consist.axleOffsets, sensor: sensor)
            let passage = TrainPassage(trajectory: trajectory, axleOffsets: run.consist.axleOffsets,
                                       geometry: geometry)
            if let previousEnd {
                offset = previousEnd + nanoseconds(gap) - nanoseconds(passage.edges.first?.time ?? 0)
            }
            let near = run.direction.firstSide
            for edge in passage.edges {
                let side = edge.far ? near.other : near
                clean[Int(side.rawValue)].append(TimedLevel(time: offset + nanoseconds(edge.time),
                                                            occupied: edge.occupied))
            }
            expected.append(ExpectedTrain(passage: passage, consist: run.consist, direction: run.direction,
                                          offset: offset, sensor: sensor))
            previousEnd = offset + nanoseconds(passage.edges.last?.time ?? trajectory.duration)
        }

        let lastEdge = max(clean[0].last?.time ?? startTime, clean[1].last?.time ?? startTime)
        let span = startTime...(max(lastEdge, previousEnd ?? startTime) + 1_000_000_000)
        let root = SplitMix64(seed: seed)
        var observed: [[TimedLevel]] = []
        for side in Side.allCases {
            var rng = root.derived(UInt64(side.rawValue) + 1)
            observed.append(sensor.observe(clean[Int(side.rawValue)], side: side, span: span, rng: &rng))
        }
        return SimulatedLog(edges: Self.merge(a: observed[0], b: observed[1]), trains: expected,
                            span: span, metadata: metadata)
    }

    /// Time-ordered merge of the two detectors; A first on equal times.
    private static func merge(a: [TimedLevel], b: [TimedLevel]) -> [Edge] {
        var edges: [Edge] = []
        edges.reserveCapacity(a.count + b.count)
        var i = 0
        var j = 0
        while i < a.count || j < b.count {
            if j == b.count || (i < a.count && a[i].time <= b[j].time) {
                edges.append(Edge(time: a[i].time, .a, occupied: a[i].occupied))
                i += 1
            } else {
                edges.append(Edge(time: b[j].time, .b, occupied: b[j].occupied))
                j += 1
            }
        }
        return edges
    }

    private var metadata: [(key: String, value: String)] {
        var entries: [(key: String, value: String)] = [
            ("sensor_spacing_m", "\(sensor.spacing)"),
            ("detection_zone_m", "\(sensor.zone)"),
            ("generator", "TrainSim"),
            ("seed", "\(seed)"),
            ("noise", sensor.description),
            ("trains", "\(trains.count)"),
        ]
        if trains.count == 1 {
            entries.append(("consist", trains[0].consist.description))
            entries.append(("direction", trains[0].direction.rawValue))
        }
        return entries
    }
}
