import WagonCore

/// An endless, reproducible stream of realistic scenarios for the accuracy
/// benchmark: `RandomScenario(seed: 7).prefix(1000)`.
///
/// Consists are drawn by family: 1520 mm freight (1–3 locomotive units, then
/// 5–70 wagons in a few blocks of one type), 1435 mm freight, trains of
/// two-axle wagons, and passenger trains. Profiles are mostly constant speed,
/// some speed ramps, and a few stops on the point and reversals at low speed.
public struct RandomScenario: Sequence, IteratorProtocol, Sendable {
    /// Chance that a scenario's sensor is `SensorModel.noisy`.
    public var noiseProbability: Double
    /// Chance that one detector of a scenario is dead.
    public var faultProbability: Double
    public var trainsPerScenario: ClosedRange<Int>
    /// Geometry for every scenario; noise settings are replaced per scenario.
    public var geometry: SensorModel
    private var rng: SplitMix64

    public init(seed: UInt64, noiseProbability: Double = 0.5, faultProbability: Double = 0,
                trainsPerScenario: ClosedRange<Int> = 1...1, geometry: SensorModel = .ideal) {
        precondition(trainsPerScenario.lowerBound >= 1, "a scenario has at least one train")
        rng = SplitMix64(seed: seed)
        self.noiseProbability = noiseProbability
        self.faultProbability = faultProbability
        self.trainsPerScenario = trainsPerScenario
        self.geometry = geometry
    }

    public mutating func next() -> Scenario? {
        var sensor = geometry.withoutNoise
        sensor.fault = nil
        if rng.chance(noiseProbability) { sensor = sensor.withNoise(of: .noisy) }
        if rng.chance(faultProbability) {
            let side: Side = rng.chance(0.5) ? .a : .b
            sensor.fault = rng.chance(0.5) ? .stuckFree(side) : .stuckOccupied(side)
        }
        let count = rng.integer(in: trainsPerScenario)
        let trains = (0..<count).map { _ in nextTrain(sensor: sensor) }
        return Scenario(trains: trains, sensor: sensor, seed: rng.next(), gap: rng.uniform(30, 120))
    }

    /// One random train over a point of this geometry.
    public mutating func nextTrain(sensor: SensorModel) -> TrainRun {
        let (consist, topSpeed) = nextConsist()
        let profile = nextProfile(for: consist, topSpeed: topSpeed, sensor: sensor)
        return TrainRun(consist: consist, profile: profile, direction: rng.chance(0.5) ? .ab : .ba)
    }

    /// A random realistic consist and its top speed in km/h.
    public mutating func nextConsist() -> (Consist, Double) {
        switch rng.integer(in: 0...9) {
        case 0...3:
            return (freight(locomotives: [.te116, .twoTE10, .vl80, .twoES6],
                            wagons: [.gondola, .covered, .tank, .flat, .hopper, .flat80]), 90)
        case 4...5:
            return (freight(locomotives: [.class66, .vectron, .g1206], wagons: [.eanos, .sgns, .zacns]), 120)
        case 6:
            let loco = rng.pick([VehicleType.vectron, .g1206, .class66])
            let wagons = blocks(of: [.hbbins, .gbs, .tdgns], count: rng.integer(in: 5...40))
            return (Consist([loco] + wagons), 100)
        case 7:
            let shunter = Consist([.chme3] + blocks(of: [.tank, .gondola, .covered], count: rng.integer(in: 5...20)))
            return (shunter, 40)
        case 8:
            let loco = rng.pick([VehicleType.te116, .twoES6, .vl80])
            return (Consist([loco] + Array(repeating: .coach1520, count: rng.integer(in: 5...20))), 160)
        default:
            return (Consist([.vectron] + Array(repeating: .uicx, count: rng.integer(in: 5...14))), 200)
        }
    }

    private mutating func freight(locomotives: [VehicleType], wagons: [VehicleType]) -> Consist {
        let loco = rng.pick(locomotives)
        let units = loco.sections > 1 ? rng.integer(in: 1...2) : rng.integer(in: 1...3)
        return Consist(Array(repeating: loco, count: units) + blocks(of: wagons, count: rng.integer(in: 5...70)))
    }

    /// Wagons in 1–3 blocks of one type each, as trains are marshalled.
    private mutating func blocks(of types: [VehicleType], count: Int) -> [VehicleType] {
        let blockCount = Swift.min(count, rng.integer(in: 1...3))
        var result: [VehicleType] = []
        for block in 0..<blockCount {
            let size = block == blockCount - 1 ? count - result.count
                : rng.integer(in: 1...(count - result.count - (blockCount - block - 1)))
            result += Array(repeating: rng.pick(types), count: size)
        }
        return result
    }

    /// A random motion profile that suits the train.
    public mutating func nextProfile(for consist: Consist, topSpeed: Double, sensor: SensorModel) -> MotionProfile {
        let roll = rng.integer(in: 0...99)
        switch roll {
        case 0..<55:
            return .constant(kmh: rng.uniform(2, topSpeed))
        case 55..<70:
            let from = rng.chance(0.2) ? 0 : rng.uniform(2, topSpeed / 2)
            return .accelerating(fromKmh: from, toKmh: rng.uniform(Swift.max(from, 2) + 5, topSpeed + 5))
        case 70..<85:
            let to = rng.uniform(2, topSpeed / 2)
            return .braking(fromKmh: rng.uniform(to + 5, topSpeed + 5), toKmh: to)
        case 85..<93:
            return stop(for: consist, sensor: sensor)
        default:
            let pass = rng.integer(in: 1...Swift.min(consist.axleCount - 1, 16))
            let finish: MotionProfile.ReversalFinish = rng.pick([.forwardThrough, .forwardThrough, .backOut,
                                                                 .standStill])
            return .reversing(kmh: rng.uniform(3, 20), passAxles: pass, backAxles: rng.integer(in: 1...pass),
                              finish: finish)
        }
    }

    /// A stop with rocking whose turning points stay at least 5 mm from every
    /// zone boundary, so that rocking never makes pulses shorter than real ones.
    private mutating func stop(for consist: Consist, sensor: SensorModel) -> MotionProfile {
        let geometry = PointGeometry(sensor)
        let edges = [geometry.nearLow, geometry.nearHigh, geometry.farLow, geometry.farHigh]
        let clear = { (u: Double) in edges.allSatisfy { abs($0 - u) >= 0.005 } }
        let kmh = rng.uniform(3, 20)
        let axle = rng.integer(in: 0...(consist.axleCount - 1))
        let depart = rng.uniform(3, 20)
        for _ in 0..<20 {
            let offset = rng.pick([-geometry.centre, 0, geometry.centre]) + rng.uniform(-0.02, 0.02)
            let amplitude = rng.uniform(0.01, 0.05)
            let stand = geometry.centre + offset
            if clear(stand) && clear(stand - amplitude) && clear(stand + amplitude) {
                return .stopOnPoint(kmh: kmh, axle: axle, offset: offset, rocks: rng.integer(in: 1...4),
                                    amplitude: amplitude, departKmh: depart)
            }
        }
        return .stopOnPoint(kmh: kmh, axle: axle, offset: -geometry.centre, rocks: 0, amplitude: 0,
                            departKmh: depart)
    }
}
