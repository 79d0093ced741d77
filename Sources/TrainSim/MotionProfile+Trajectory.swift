extension MotionProfile {
    /// Braking to a stop, m/s² (a freight train's service brake).
    static let brakeRate = 0.4
    /// Pulling away and reversing, m/s².
    static let tractionRate = 0.3
    /// Rocking: slow nudges of a few cm.
    static let rockRate = 0.05
    static let rockSpeed = 0.1
    /// Backing over the point.
    static let shuntSpeed = metresPerSecond(5)
    /// Seconds a stopped train stands before moving again.
    static let pause = 2.0
    /// Margin of the speed ramps beyond the point, m.
    static let rampMargin = 1.0

    /// The motion of a train with these axle offsets over a point of this
    /// geometry, in the travel frame.
    public func trajectory(axleOffsets: [Double], sensor: SensorModel) -> Trajectory {
        precondition(!axleOffsets.isEmpty, "a train needs at least one axle")
        let geometry = PointGeometry(sensor)
        let first = axleOffsets[0]
        let last = axleOffsets[axleOffsets.count - 1]
        let startFront = geometry.nearLow - Self.approachDistance + first
        let endFront = geometry.farHigh + Self.approachDistance + last

        switch self {
        case .constant(let kmh):
            var motion = Trajectory(start: startFront, velocity: Self.speed(kmh))
            motion.cruise(to: endFront)
            return motion

        case .accelerating(let fromKmh, let toKmh), .braking(let fromKmh, let toKmh):
            let v0 = fromKmh == 0 ? 0 : Self.speed(fromKmh)
            let v1 = Self.speed(toKmh)
            if case .accelerating = self {
                precondition(v1 > v0, "accelerating needs toKmh above fromKmh")
            } else {
                precondition(v1 < v0, "braking needs toKmh below fromKmh")
            }
            let rampStart = geometry.nearLow - Self.rampMargin + first
            let rampEnd = geometry.farHigh + Self.rampMargin + last
            let acceleration = (v1 * v1 - v0 * v0) / (2 * (rampEnd - rampStart))
            var motion = Trajectory(start: v0 == 0 ? rampStart : startFront, velocity: v0)
            motion.cruise(to: rampStart)
            motion.append(MotionSegment(duration: (v1 - v0) / acceleration, acceleration: acceleration))
            motion.cruise(to: endFront)
            return motion

        case .stopOnPoint(let kmh, let axle, let offset, let rocks, let amplitude, let departKmh):
            precondition(axleOffsets.indices.contains(axle), "the standing axle must be one of the train's")
            precondition(rocks >= 0 && amplitude >= 0, "rocking needs a count and an amplitude not below 0")
            let stopFront = geometry.centre + offset + axleOffsets[axle]
            var motion = approach(to: stopFront, kmh: kmh, startFront: startFront)
            motion.wait(Self.pause)
            for _ in 0..<rocks where amplitude > 0 {
                motion.shift(by: -amplitude, peakSpeed: Self.rockSpeed, rate: Self.rockRate)
                motion.shift(by: 2 * amplitude, peakSpeed: Self.rockSpeed, rate: Self.rockRate)
                motion.shift(by: -amplitude, peakSpeed: Self.rockSpeed, rate: Self.rockRate)
                motion.wait(1)
            }
            motion.changeSpeed(to: Self.speed(departKmh), rate: Self.tractionRate)
            motion.cruise(to: endFront)
            return motion

        case .reversing(let kmh, let passAxles, let backAxles, let finish):
            precondition(passAxles >= 1 && passAxles < axleOffsets.count,
                         "a reversing train passes at least one axle and not all of them")
            precondition(backAxles >= 1 && backAxles <= passAxles, "it backs between one and all passed axles")
            let between = { (axle: Int) in geometry.centre + (axleOffsets[axle - 1] + axleOffsets[axle]) / 2 }
            let stopFront = between(passAxles)
            var motion = approach(to: stopFront, kmh: kmh, startFront: startFront)
            motion.wait(Self.pause)
            let backSpeed = min(Self.speed(kmh), Self.shuntSpeed)
            if finish == .backOut {
                motion.changeSpeed(to: -backSpeed, rate: Self.tractionRate)
                motion.cruise(to: startFront)
                return motion
            }
            let remaining = passAxles - backAxles
            let backFront = remaining > 0 ? between(remaining) : geometry.nearLow - 2 + first
            motion.shift(by: backFront - stopFront, peakSpeed: backSpeed, rate: Self.tractionRate)
            motion.wait(Self.pause)
            if finish == .forwardThrough {
                motion.changeSpeed(to: Self.speed(kmh), rate: Self.tractionRate)
                motion.cruise(to: endFront)
            }
            return motion

        case .custom(let startKmh, let segments):
            return Trajectory(start: startFront, velocity: startKmh == 0 ? 0 : Self.speed(startKmh),
                              segments: segments)
        }
    }

    /// Constant speed, then a stop at `brakeRate` with the front at `stopFront`;
    /// starts further back than usual when the braking distance needs it.
    private func approach(to stopFront: Double, kmh: Double, startFront: Double) -> Trajectory {
        let speed = Self.speed(kmh)
        let brakeStart = stopFront - speed * speed / (2 * Self.brakeRate)
        var motion = Trajectory(start: min(startFront, brakeStart - 1), velocity: speed)
        motion.cruise(to: brakeStart)
        motion.stop(at: stopFront)
        return motion
    }

    private static func speed(_ kmh: Double) -> Double {
        precondition(kmh > 0 && kmh.isFinite, "speeds must be positive km/h")
        return metresPerSecond(kmh)
    }
}
