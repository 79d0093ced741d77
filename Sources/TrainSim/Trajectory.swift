/// A stretch of motion with constant acceleration.
public struct MotionSegment: Sendable, Hashable {
    /// Seconds.
    public var duration: Double
    /// m/s², positive towards the direction of travel (+u in the travel frame).
    public var acceleration: Double

    public init(duration: Double, acceleration: Double = 0) {
        precondition(duration >= 0 && duration.isFinite, "a segment's duration must be finite and not negative")
        precondition(acceleration.isFinite, "a segment's acceleration must be finite")
        self.duration = duration
        self.acceleration = acceleration
    }
}

/// The motion of a whole train as piecewise constant-acceleration segments,
/// so that every crossing time is the root of a quadratic.
///
/// Position is that of the train's front coupling plane in the travel frame
/// (see `PointGeometry`); axle i is at `position − axleOffsets[i]`. Time 0 is
/// the start of the train's motion.
public struct Trajectory: Sendable, Hashable {
    /// State at a segment boundary.
    public struct Knot: Sendable, Hashable {
        public var time: Double
        public var position: Double
        public var velocity: Double
    }

    public private(set) var segments: [MotionSegment] = []
    /// `knots[k]` is the state at the start of `segments[k]`; the last knot is
    /// the final state.
    public private(set) var knots: [Knot]

    public init(start position: Double, velocity: Double, segments: [MotionSegment] = []) {
        precondition(position.isFinite && velocity.isFinite, "a trajectory must start in a finite state")
        knots = [Knot(time: 0, position: position, velocity: velocity)]
        for segment in segments { append(segment) }
    }

    public var duration: Double { knots[knots.count - 1].time }
    public var end: Knot { knots[knots.count - 1] }

    /// State at time t (clamped to the trajectory's span).
    public func state(at time: Double) -> Knot {
        var low = 0
        var high = segments.count
        while low < high {
            let mid = (low + high) / 2
            if knots[mid + 1].time <= time { low = mid + 1 } else { high = mid }
        }
        guard low < segments.count else { return end }
        let knot = knots[low]
        let tau = max(0, time - knot.time)
        let a = segments[low].acceleration
        return Knot(time: time, position: knot.position + knot.velocity * tau + 0.5 * a * tau * tau,
                    velocity: knot.velocity + a * tau)
    }

    /// Times at which the train stands still: knots with zero velocity and the
    /// turning points inside segments.
    public var standstillTimes: [Double] {
        var times: [Double] = []
        for (k, segment) in segments.enumerated() {
            let knot = knots[k]
            if knot.velocity == 0 { times.append(knot.time) }
            if segment.acceleration != 0 {
                let turn = -knot.velocity / segment.acceleration
                if turn > 0 && turn < segment.duration { times.append(knot.time + turn) }
            }
        }
        if end.velocity == 0 { times.append(end.time) }
        return times
    }

    mutating func append(_ segment: MotionSegment) {
        guard segment.duration > 0 else { return }
        let last = knots[knots.count - 1]
        let t = segment.duration
        var velocity = last.velocity + segment.acceleration * t
        // A planned stop lands on 0 up to rounding; make it exact so that
        // turning points and standstills are recognised as such.
        if abs(velocity) < 1e-9 { velocity = 0 }
        segments.append(segment)
        knots.append(Knot(time: last.time + t,
                          position: last.position + last.velocity * t + 0.5 * segment.acceleration * t * t,
                          velocity: velocity))
    }
}

// MARK: - Building blocks for motion profiles

extension Trajectory {
    var position: Double { end.position }
    var velocity: Double { end.velocity }

    /// Runs at the current speed until the front reaches `target`; nothing if
    /// it is already there or behind.
    mutating func cruise(to target: Double) {
        let distance = target - position
        guard velocity != 0, distance * velocity > 0 else { return }
        append(MotionSegment(duration: distance / velocity))
    }

    mutating func wait(_ seconds: Double) {
        precondition(velocity == 0, "only a standing train can wait")
        append(MotionSegment(duration: seconds))
    }

    /// Changes speed at a constant rate (m/s², positive).
    mutating func changeSpeed(to target: Double, rate: Double) {
        let change = target - velocity
        guard change != 0 else { return }
        append(MotionSegment(duration: abs(change) / rate, acceleration: change > 0 ? rate : -rate))
    }

    /// Decelerates uniformly so that the front stops exactly at `target`.
    mutating func stop(at target: Double) {
        let distance = target - position
        precondition(velocity != 0 && distance * velocity > 0, "a stop must lie ahead of a moving train")
        append(MotionSegment(duration: 2 * distance / velocity,
                             acceleration: -velocity * velocity / (2 * distance)))
    }

    /// Moves a standing train by `distance` (signed) and stops again: accelerate
    /// at `rate`, cruise at `peakSpeed` if there is room, decelerate at `rate`.
    mutating func shift(by distance: Double, peakSpeed: Double, rate: Double) {
        precondition(velocity == 0, "only a standing train can be shifted")
        guard distance != 0 else { return }
        let sign: Double = distance > 0 ? 1 : -1
        let length = abs(distance)
        if length <= peakSpeed * peakSpeed / rate {
            let half = (length / rate).squareRoot()
            append(MotionSegment(duration: half, acceleration: sign * rate))
            append(MotionSegment(duration: half, acceleration: -sign * rate))
        } else {
            let ramp = peakSpeed / rate
            append(MotionSegment(duration: ramp, acceleration: sign * rate))
            append(MotionSegment(duration: (length - peakSpeed * ramp) / peakSpeed))
            append(MotionSegment(duration: ramp, acceleration: -sign * rate))
        }
    }
}
