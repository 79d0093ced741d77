/// The direction of travel over a counting point.
public enum Direction: String, Sendable, Hashable, CaseIterable {
    /// From detector A towards detector B (A is reached first).
    case ab = "AB"
    /// From B towards A.
    case ba = "BA"

    public var reversed: Direction { self == .ab ? .ba : .ab }

    /// The direction of a wheel that entered the point over `side`.
    public init(entering side: Side) { self = side == .a ? .ab : .ba }
}

/// Where a wheel was along the train's path at a known time, relative to the
/// centre of the counting point (metres, positive in the direction of travel).
public struct Anchor: Sendable, Hashable {
    public var time: Nanoseconds
    /// Metres per second; 0 when the wheel was coming to a stop.
    public var speed: Double
    public var offset: Double

    public init(time: Nanoseconds, speed: Double, offset: Double = 0) {
        self.time = time
        self.speed = speed
        self.offset = offset
    }
}

/// One wheel that rolled completely over a counting point.
public struct AxlePassage: Sendable, Hashable {
    public var point: Int
    /// `nil` in degraded mode, when only one detector works.
    public var direction: Direction?
    /// When the wheel was over the point's centre.
    public var time: Nanoseconds
    /// Speed over the point, m/s (estimated from pulse width in degraded mode).
    public var speed: Double
    /// Where the wheel was when it first reached the point, and when it finally
    /// left it; both are the centre crossing unless it stopped on the point.
    public var arrival: Anchor
    public var departure: Anchor
    /// The wheel rolled back at least once while on the point.
    public var stoppedOnPoint: Bool
    /// The time of the edge that completed the passage (for latency).
    public var decidedAt: Nanoseconds

    public init(point: Int, direction: Direction?, time: Nanoseconds, speed: Double,
                arrival: Anchor? = nil, departure: Anchor? = nil,
                stoppedOnPoint: Bool = false, decidedAt: Nanoseconds? = nil) {
        self.point = point
        self.direction = direction
        self.time = time
        self.speed = speed
        self.arrival = arrival ?? Anchor(time: time, speed: speed)
        self.departure = departure ?? Anchor(time: time, speed: speed)
        self.stoppedOnPoint = stoppedOnPoint
        self.decidedAt = decidedAt ?? time
    }
}
