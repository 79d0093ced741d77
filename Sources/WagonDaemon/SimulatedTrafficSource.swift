import TrainSim
import WagonCore

/// Realistic trains over every counting point on an accelerated clock: the
/// daemon's source when there is no hardware (`wagond --demo`, `--simulate`).
/// Trains come from the simulator's `RandomScenario`, one point after
/// another, `gap` simulated seconds apart; edges are released when the
/// simulated clock reaches them, as GPIO would.
///
/// Simulated time is wall time at start plus `speedup` × the wall time
/// since, so event times look like times (running fast).
public struct SimulatedTrafficSource: LiveEdgeSource, Sendable {
    public private(set) var channels: ChannelTable
    public private(set) var safeTime: Nanoseconds
    public var timesAreWallClock: Bool { true }
    /// Trains started so far, by point.
    public private(set) var trainsStarted: [Int]

    private let speedup: Double
    private let gap: ClosedRange<Double>
    private let noisy: Bool
    private let wallClock: @Sendable () -> Nanoseconds
    private let startWall: Nanoseconds
    private var scenarios: RandomScenario
    private var rng: SplitMix64
    /// Per point: generated edges not yet released, and the next train's start.
    private var queued: [[Edge]]
    private var nextIndex: [Int]
    private var nextTrainAt: [Nanoseconds]

    public init(pointNames: [String], speedup: Double, seed: UInt64, gap: ClosedRange<Double>, noisy: Bool,
                wallClock: @escaping @Sendable () -> Nanoseconds) {
        precondition(speedup > 0, "the simulated clock must run forwards")
        precondition(gap.lowerBound > 0, "trains need a positive gap between them")
        channels = ChannelTable(pointNames: pointNames)
        self.speedup = speedup
        self.gap = gap
        self.noisy = noisy
        self.wallClock = wallClock
        startWall = wallClock()
        safeTime = startWall
        scenarios = RandomScenario(seed: seed, noiseProbability: noisy ? 1 : 0)
        rng = SplitMix64(seed: seed ^ 0x5EED)
        queued = Array(repeating: [], count: pointNames.count)
        nextIndex = Array(repeating: 0, count: pointNames.count)
        trainsStarted = Array(repeating: 0, count: pointNames.count)
        // The first train comes at once on the first point, the others staggered.
        let firstTrain = startWall
        nextTrainAt = pointNames.indices.map { firstTrain + Nanoseconds($0) * 20_000_000_000 }
    }

    /// The simulated clock now.
    public func simulatedNow() -> Nanoseconds {
        startWall + Nanoseconds(Double(wallClock() - startWall) * speedup)
    }

    public mutating func readEdges(into edges: inout [Edge], maxCount: Int) throws -> Bool {
        let now = simulatedNow()
        for point in queued.indices where nextIndex[point] >= queued[point].count && nextTrainAt[point] <= now {
            // Never before what was already promised, even after a stall.
            scheduleTrain(on: point, at: max(nextTrainAt[point], safeTime + 1_000_000))
        }
        var released = 0
        while released < maxCount {
            // The earliest due edge over all points keeps the stream in time order.
            var earliest: Int?
            for point in queued.indices where nextIndex[point] < queued[point].count {
                let time = queued[point][nextIndex[point]].time
                if time <= now, earliest.map({ time < queued[$0][nextIndex[$0]].time }) ?? true { earliest = point }
            }
            guard let point = earliest else { break }
            edges.append(queued[point][nextIndex[point]])
            nextIndex[point] += 1
            released += 1
        }
        if released < maxCount { safeTime = now }
        return true
    }

    /// Sleeps until the next edge is due, the simulated clock reaches
    /// `deadline`, or `timeout`, whichever comes first.
    public func waitForEdges(orPromise deadline: Nanoseconds?, timeout: Duration) async {
        var next = deadline ?? .max
        for point in queued.indices {
            next = min(next, nextIndex[point] < queued[point].count ? queued[point][nextIndex[point]].time
                                                                     : nextTrainAt[point])
        }
        let now = simulatedNow()
        guard next > now else { return }
        let wall = Duration.nanoseconds(Int64(min(Double(next - now) / speedup, 1e15)))
        try? await Task.sleep(for: min(wall, timeout))
    }

    private mutating func scheduleTrain(on point: Int, at start: Nanoseconds) {
        var sensor = SensorModel.ideal
        if noisy { sensor = sensor.withNoise(of: .noisy) }
        let run = scenarios.nextTrain(sensor: sensor)
        let log = Scenario(trains: [run], sensor: sensor, seed: rng.next(), startTime: start).generate()
        queued[point] = log.edges.map { Edge(time: $0.time, detector: Detector(point: point, side: $0.detector.side), occupied: $0.occupied) }
        nextIndex[point] = 0
        trainsStarted[point] += 1
        let end = queued[point].last?.time ?? start
        let pause = Double.random(in: gap, using: &rng)
        nextTrainAt[point] = end + Nanoseconds(pause * 1e9)
    }
}
