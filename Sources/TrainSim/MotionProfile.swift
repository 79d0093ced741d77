/// How a train moves over the counting point. Speeds are in km/h (2 to 200
/// is the intended range); the whole train moves together.
///
/// Every profile starts with the first axle `approachDistance` before the near
/// detector's zone (further back when the train must brake to a stop) and,
/// unless it says otherwise, ends with the last axle `approachDistance`
/// beyond the far zone. `trajectory(axleOffsets:sensor:)` turns a profile
/// into constant-acceleration segments.
public enum MotionProfile: Sendable, Hashable {
    /// Constant speed throughout.
    case constant(kmh: Double)

    /// Constant speed `fromKmh` until the first axle is 1 m before the point,
    /// a constant acceleration to `toKmh` reached when the last axle is 1 m
    /// beyond it, then constant speed. `fromKmh` may be 0: the train then
    /// starts from rest with its first axle 1 m before the point.
    case accelerating(fromKmh: Double, toKmh: Double)

    /// As `accelerating`, slowing down; `toKmh` must stay above 0 (use
    /// `stopOnPoint` for a stop).
    case braking(fromKmh: Double, toKmh: Double)

    /// Brakes at 0.4 m/s² so that `axle` (0 = the first) stops `offset` metres
    /// beyond the point's centre, rocks back and forth `rocks` times by
    /// ±`amplitude` metres (couplings settling), then pulls away at 0.3 m/s² to
    /// `departKmh` and runs through. Keep the wheel's turning points a few mm
    /// away from zone boundaries, or the rocking makes arbitrarily short pulses.
    case stopOnPoint(kmh: Double, axle: Int = 0, offset: Double = 0, rocks: Int = 3,
                     amplitude: Double = 0.03, departKmh: Double = 10)

    /// Runs until `passAxles` axles have passed and stops with the point
    /// midway between axle `passAxles − 1` and the next; backs `backAxles` of
    /// them over the point at shunting speed (at most 5 km/h), then finishes
    /// as `finish` says.
    case reversing(kmh: Double, passAxles: Int, backAxles: Int, finish: ReversalFinish = .forwardThrough)

    /// Starts like every profile (first axle `approachDistance` before the
    /// near zone, at `startKmh`) and follows the given segments.
    case custom(startKmh: Double, segments: [MotionSegment])

    /// What a reversing train does after backing.
    public enum ReversalFinish: Sendable, Hashable {
        /// Stops, then goes forward through the point completely.
        case forwardThrough
        /// Keeps backing (all passed axles return) and leaves in the
        /// opposite direction: net zero axles.
        case backOut
        /// Stops between two axles and stays there: net `passAxles − backAxles`.
        case standStill
    }

    /// Metres between the first axle and the near zone at time 0, and between
    /// the last axle and the far zone at the end.
    public static let approachDistance = 10.0
}

/// km/h to m/s.
func metresPerSecond(_ kmh: Double) -> Double { kmh / 3.6 }
