/// Everything the core tells the world, in the order it was decided.
public enum WagonEvent: Sendable, Hashable {
    /// The first axle of a new train passed (sent at once, for low latency).
    case trainStarted(TrainStart)
    /// One wheel rolled over a counting point (in either direction).
    case axle(AxlePassage)
    /// A train is over: no detector occupied and no wheel for the idle time.
    case trainCompleted(TrainReport)
    case health(HealthEvent)
}

public struct TrainStart: Sendable, Hashable {
    public var point: Int
    /// Per-point train number, from 1.
    public var number: Int
    public var time: Nanoseconds
    public var direction: Direction?
}

/// Something a technician should know about a detector or a counting point.
public struct HealthEvent: Sendable, Hashable {
    public enum Kind: Sendable, Hashable {
        /// Many spikes in a short time: loose wiring, interference.
        case chattering(spikes: Int)
        /// The detector stays quiet while its partner sees wheels; the point
        /// counts axles on the partner alone, without direction.
        case silent
        /// A silent detector changed again; full counting resumes.
        case recovered
        /// Occupied for a long time: stuck, or a train standing on it.
        case longOccupation(since: Nanoseconds)
        /// A wheel rolled onto the point over this detector and back.
        case incompletePassage
        /// A sequence the geometry makes impossible.
        case sequenceFault(SequenceFault)
        /// A raw edge repeated the line's level: an edge was lost upstream.
        case lostEdge
        /// An edge was older than the time already reached; it was clamped.
        case timeWentBackwards(by: Nanoseconds)
        /// An edge's time was outside `Edge.timeRange`; it was clamped into it.
        case timeOutOfRange(raw: Nanoseconds)
    }

    public var detector: Detector
    public var time: Nanoseconds
    public var kind: Kind

    public init(detector: Detector, time: Nanoseconds, kind: Kind) {
        self.detector = detector
        self.time = time
        self.kind = kind
    }

    /// A short stable name for logs and JSON.
    public var name: String {
        switch kind {
        case .chattering: "chattering"
        case .silent: "detector_silent"
        case .recovered: "detector_recovered"
        case .longOccupation: "long_occupation"
        case .incompletePassage: "incomplete_passage"
        case .sequenceFault: "sequence_fault"
        case .lostEdge: "lost_edge"
        case .timeWentBackwards: "time_went_backwards"
        case .timeOutOfRange: "time_out_of_range"
        }
    }
}

/// Notes attached to a train report.
public struct TrainFlags: OptionSet, Sendable, Hashable {
    public let rawValue: UInt32
    public init(rawValue: UInt32) { self.rawValue = rawValue }

    /// The train stood still during the passage.
    public static let stopped = TrainFlags(rawValue: 1 << 0)
    /// Axles crossed back over the point (shunting); they are subtracted.
    public static let reversed = TrainFlags(rawValue: 1 << 1)
    /// A wheel rolled onto the point and back without being counted.
    public static let rocking = TrainFlags(rawValue: 1 << 2)
    /// Detector A was silent: counted on B alone.
    public static let degradedA = TrainFlags(rawValue: 1 << 3)
    public static let degradedB = TrainFlags(rawValue: 1 << 4)
    /// No axle had a known direction (degraded from the start).
    public static let directionUnknown = TrainFlags(rawValue: 1 << 5)
    /// Speeds come from pulse widths and the configured detection zone.
    public static let speedEstimated = TrainFlags(rawValue: 1 << 6)
    public static let sensorFault = TrainFlags(rawValue: 1 << 7)
    /// The train was closed by end of input or shutdown, not by idle time.
    public static let interrupted = TrainFlags(rawValue: 1 << 8)
    /// Another split into vehicles fits almost as well.
    public static let consistAmbiguous = TrainFlags(rawValue: 1 << 9)
    /// Some axles fit no known vehicle pattern.
    public static let consistUnusual = TrainFlags(rawValue: 1 << 10)
    /// The train stood still with no wheel on the point: an axle spacing is a guess.
    public static let positionsUncertain = TrainFlags(rawValue: 1 << 11)
    /// Edges were lost upstream of the core during this train.
    public static let edgesLost = TrainFlags(rawValue: 1 << 12)
    /// The rear axles belong to a vehicle that is only partly over the point
    /// (the train stopped or turned across it); it is not counted as a vehicle.
    public static let partialVehicle = TrainFlags(rawValue: 1 << 13)

    public static let names: [(TrainFlags, String)] = [
        (.stopped, "stopped"), (.reversed, "reversed"), (.rocking, "rocking"),
        (.degradedA, "degraded_A"), (.degradedB, "degraded_B"),
        (.directionUnknown, "direction_unknown"), (.speedEstimated, "speed_estimated"),
        (.sensorFault, "sensor_fault"), (.interrupted, "interrupted"),
        (.consistAmbiguous, "consist_ambiguous"), (.consistUnusual, "consist_unusual"),
        (.positionsUncertain, "positions_uncertain"), (.edgesLost, "edges_lost"),
        (.partialVehicle, "partial_vehicle"),
    ]

    /// Stable names, in a fixed order, for JSON and tables.
    public var names: [String] { Self.names.filter { contains($0.0) }.map(\.1) }
}
