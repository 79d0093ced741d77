/// The noise-free passage of one train over a point, solved analytically:
/// for every axle and every zone boundary, the times at which the axle
/// crosses it. Times are seconds from the start of the train's motion; the
/// frame is the travel frame (see `PointGeometry`).
struct TrainPassage {
    /// A level change of the near or far detector.
    struct CleanEdge: Hashable {
        var time: Double
        var far: Bool
        var occupied: Bool
    }

    /// An axle crossing the point's centre.
    struct CentreCrossing: Hashable {
        var time: Double
        var axle: Int
        var forward: Bool
        /// |velocity| at the crossing, m/s.
        var speed: Double
    }

    private(set) var edges: [CleanEdge] = []
    /// Every centre crossing, in time order.
    private(set) var centreCrossings: [CentreCrossing] = []
    /// Axle positions at the start and at the end of the motion.
    let initialPositions: [Double]
    let finalPositions: [Double]
    /// Whether some axle went from beyond the far zone back to before the near
    /// zone: a complete passage against the direction of travel.
    private(set) var reversed = false
    /// Whether the train stood still between its first and last edge.
    private(set) var stopped = false

    init(trajectory: Trajectory, axleOffsets: [Double], geometry: PointGeometry) {
        initialPositions = axleOffsets.map { trajectory.knots[0].position - $0 }
        finalPositions = axleOffsets.map { trajectory.end.position - $0 }
        let crossings = Self.crossings(trajectory: trajectory, axleOffsets: axleOffsets, geometry: geometry)
        makeEdges(crossings, geometry: geometry)
        findPassages(crossings, geometry: geometry)
        if let first = edges.first?.time, let last = edges.last?.time {
            stopped = trajectory.standstillTimes.contains { $0 >= first && $0 <= last }
        }
    }

    // MARK: Solving

    private struct Level {
        var value: Double
        var axle: Int32
        var boundary: PointGeometry.Boundary
    }

    struct Crossing {
        var time: Double
        var axle: Int
        var boundary: PointGeometry.Boundary
        var upward: Bool
        var speed: Double
    }

    /// A boundary b is crossed by axle i when the front is at b + offset(i).
    /// Each segment is split at its turning point into monotone pieces; a
    /// piece from s0 to s1 crosses every level in (min, max] (half-open, so a
    /// level reached exactly at a turning point is neither lost nor counted
    /// twice), at the root of a quadratic.
    static func crossings(trajectory: Trajectory, axleOffsets: [Double], geometry: PointGeometry) -> [Crossing] {
        var levels: [Level] = []
        levels.reserveCapacity(axleOffsets.count * 5)
        for (axle, offset) in axleOffsets.enumerated() {
            for (index, boundary) in geometry.boundaries.enumerated() {
                levels.append(Level(value: boundary + offset, axle: Int32(axle),
                                    boundary: PointGeometry.Boundary(rawValue: UInt8(index))!))
            }
        }
        levels.sort { $0.value < $1.value }

        var found: [Crossing] = []
        found.reserveCapacity(levels.count)
        func piece(start: Double, from s0: Double, speed v0: Double, acceleration a: Double,
                   duration: Double, to s1: Double) {
            guard s1 != s0 else { return }
            let forward = s1 > s0
            let low = min(s0, s1)
            let high = max(s0, s1)
            var index = firstIndex(in: levels, above: low)
            while index < levels.count && levels[index].value <= high {
                let level = levels[index]
                let distance = level.value - s0
                var tau: Double
                var speed: Double
                if a == 0 {
                    tau = distance / v0
                    speed = abs(v0)
                } else {
                    let root = max(0, v0 * v0 + 2 * a * distance).squareRoot()
                    let w = forward ? root : -root
                    tau = v0 + w == 0 ? 0 : 2 * distance / (v0 + w)
                    speed = root
                }
                tau = min(max(tau, 0), duration)
                found.append(Crossing(time: start + tau, axle: Int(level.axle), boundary: level.boundary,
                                      upward: forward, speed: speed))
                index += 1
            }
        }

        for (k, segment) in trajectory.segments.enumerated() {
            let from = trajectory.knots[k]
            let to = trajectory.knots[k + 1]
            let a = segment.acceleration
            let turn = a == 0 ? -1 : -from.velocity / a
            if turn > 0 && turn < segment.duration {
                let vertex = from.position + from.velocity * turn + 0.5 * a * turn * turn
                piece(start: from.time, from: from.position, speed: from.velocity, acceleration: a,
                      duration: turn, to: vertex)
                piece(start: from.time + turn, from: vertex, speed: 0, acceleration: a,
                      duration: segment.duration - turn, to: to.position)
            } else {
                piece(start: from.time, from: from.position, speed: from.velocity, acceleration: a,
                      duration: segment.duration, to: to.position)
            }
        }
        // Pieces come in time order but levels within a piece in position
        // order; order by time, keeping the found order for ties.
        var order = Array(found.indices)
        order.sort { (found[$0].time, $0) < (found[$1].time, $1) }
        return order.map { found[$0] }
    }

    private static func firstIndex(in levels: [Level], above value: Double) -> Int {
        var low = 0
        var high = levels.count
        while low < high {
            let mid = (low + high) / 2
            if levels[mid].value <= value { low = mid + 1 } else { high = mid }
        }
        return low
    }

    // MARK: Deriving

    /// Detector levels from zone crossings. A detector is occupied while any
    /// axle is in its zone; counting axles keeps the levels alternating even
    /// if two wheels ever shared a zone.
    private mutating func makeEdges(_ crossings: [Crossing], geometry: PointGeometry) {
        var inZone = [0, 0]
        for position in initialPositions {
            if position >= geometry.nearLow && position < geometry.nearHigh { inZone[0] += 1 }
            if position >= geometry.farLow && position < geometry.farHigh { inZone[1] += 1 }
        }
        for detector in 0..<2 where inZone[detector] > 0 {
            edges.append(CleanEdge(time: 0, far: detector == 1, occupied: true))
        }
        for crossing in crossings {
            let detector: Int
            let entering: Bool
            switch crossing.boundary {
            case .nearLow: (detector, entering) = (0, crossing.upward)
            case .nearHigh: (detector, entering) = (0, !crossing.upward)
            case .farLow: (detector, entering) = (1, crossing.upward)
            case .farHigh: (detector, entering) = (1, !crossing.upward)
            case .centre: continue
            }
            let before = inZone[detector]
            inZone[detector] += entering ? 1 : -1
            if (before == 0) != (inZone[detector] == 0) {
                edges.append(CleanEdge(time: crossing.time, far: detector == 1, occupied: entering))
            }
        }
    }

    /// Centre crossings, and complete passages of single axles: from before
    /// the near zone to beyond the far zone, or back.
    private mutating func findPassages(_ crossings: [Crossing], geometry: PointGeometry) {
        enum Side { case before, beyond }
        var lastSide: [Side?] = initialPositions.map {
            $0 < geometry.nearLow ? .before : $0 >= geometry.farHigh ? .beyond : nil
        }
        for crossing in crossings {
            switch crossing.boundary {
            case .centre:
                centreCrossings.append(CentreCrossing(time: crossing.time, axle: crossing.axle,
                                                      forward: crossing.upward, speed: crossing.speed))
            case .nearLow where !crossing.upward:
                if lastSide[crossing.axle] == .beyond { reversed = true }
                lastSide[crossing.axle] = .before
            case .farHigh where crossing.upward:
                lastSide[crossing.axle] = .beyond
            default:
                break
            }
        }
    }
}
