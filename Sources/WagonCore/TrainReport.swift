/// What kind of rail vehicle a group of axles looks like.
public enum VehicleKind: String, Sendable, Hashable {
    case locomotive
    case wagon
}

/// The axle pattern a vehicle was recognised by.
public enum VehiclePattern: String, Sendable, Hashable, CaseIterable {
    /// Two 2-axle freight bogies (1.7–2.05 m wheelbase).
    case bogieWagon = "bogie-wagon"
    /// Two passenger-coach bogies (~2.5 m) far apart.
    case coach
    /// A wagon with two single axles, 4.5–10.5 m apart.
    case twoAxleWagon = "two-axle-wagon"
    /// Two 2-axle locomotive bogies (Bo-Bo).
    case boBoLocomotive = "bo-bo-locomotive"
    /// Two 3-axle bogies (Co-Co).
    case coCoLocomotive = "co-co-locomotive"
    /// Axles that fit no pattern (a partial vehicle, a miscount).
    case unknown

    public var kind: VehicleKind {
        switch self {
        case .boBoLocomotive, .coCoLocomotive: .locomotive
        case .bogieWagon, .coach, .twoAxleWagon, .unknown: .wagon
        }
    }
}

public struct VehicleReport: Sendable, Hashable {
    public var pattern: VehiclePattern
    public var kind: VehicleKind { pattern.kind }
    /// Index of the vehicle's first axle in the train, from the front.
    public var firstAxle: Int
    public var axles: Int
    /// Distance from the vehicle's first to its last axle, metres.
    public var axleSpan: Double
}

/// A finished train at one counting point.
public struct TrainReport: Sendable, Hashable {
    public var point: Int
    public var number: Int
    /// The direction the counted axles passed in (see `flags` for unknown).
    public var direction: Direction
    /// Net axles: those that backed out again are not counted.
    public var axles: Int
    /// Recognised vehicles; axles that fit no pattern (a vehicle only partly
    /// over the point, a miscount) are left out and flagged `consist_unusual`.
    public var vehicles: [VehicleReport]
    public var wagons: Int { vehicles.count { $0.kind == .wagon } }
    public var locomotives: Int { vehicles.count { $0.kind == .locomotive } }
    /// Times of the first and last counted axle.
    public var start: Nanoseconds
    public var end: Nanoseconds
    /// Mean, lowest and highest axle speed, km/h.
    public var speedAverage: Double
    public var speedMinimum: Double
    public var speedMaximum: Double
    /// First to last axle, metres.
    public var length: Double
    /// Positions of the counted axles from the first, metres.
    public var axlePositions: [Double]
    /// 0...1: how clearly the best split into vehicles beat the next best.
    public var confidence: Double
    public var flags: TrainFlags
    /// Rounds the report up to 112 bytes, so that a `WagonEvent` (the
    /// largest payload plus its tag) is copied in whole 16-byte moves: at
    /// 109 bytes the compiler's last move overlapped the one before it and
    /// stalled store forwarding on every axle event (~9% of clean-sensor time).
    var padding: UInt32 = 0
}
