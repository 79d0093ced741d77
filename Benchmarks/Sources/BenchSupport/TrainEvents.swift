import EventStore
import TrainSim
import WagonCore
import WagonReports

/// Realistic train events for the outbox: long freight trains simulated with
/// TrainSim (seeded random consists: 1–3 locomotives and 75–95 wagons, speeds and braking or
/// accelerating), counted by the real core and written as `wagonctl replay
/// --json` writes them (1.1–2.1 kB, mean 1.7 kB). Event `i` is train `i % 64`
/// renumbered and moved on in time. The pool is larger than what gzip's
/// 32 kB window sees of a batch (~16 events), so no event compresses
/// against its own twin; the likeness between trains is the real one.
public struct TrainEvents: Sendable {
    public static let type = "org.wagond.train"
    public static let point = "east"
    static let poolSize = 64

    static let broadGauge = (
        locomotives: ["TE116", "2TE10", "VL80", "2ES6", "ChME3"],
        wagons: ["gondola", "covered", "tank", "flat", "hopper", "flat80"])
    static let standardGauge = (
        locomotives: ["class66", "vectron", "G1206"],
        wagons: ["eanos", "sgns", "zacns", "hbbins", "gbs", "tdgns", "uicx"])

    private let reports: [TrainReport]

    public init() {
        var random = SplitMix64(seed: 2024)
        var runs: [TrainRun] = []
        for _ in 0..<Self.poolSize {
            let gauge = Bool.random(using: &random) ? Self.broadGauge : Self.standardGauge
            var groups = ["\(Int.random(in: 1...3, using: &random))x\(gauge.locomotives.randomElement(using: &random)!)"]
            // 75–95 wagons in one to four blocks of a type each, at least 10 to a block.
            var wagons = Int.random(in: 75...95, using: &random)
            let blocks = Int.random(in: 1...4, using: &random)
            for block in 0..<blocks {
                let count = block == blocks - 1 ? wagons : Int.random(in: 10...(wagons - 10 * (blocks - 1 - block)), using: &random)
                groups.append("\(count)x\(gauge.wagons.randomElement(using: &random)!)")
                wagons -= count
            }
            let consist = try! Consist(parsing: groups.joined(separator: ","))
            let speed = Double.random(in: 25...90, using: &random)
            let profile: MotionProfile = switch Int.random(in: 0..<4, using: &random) {
            case 0: .braking(fromKmh: speed, toKmh: speed * 0.6)
            case 1: .accelerating(fromKmh: speed * 0.6, toKmh: speed)
            default: .constant(kmh: speed)
            }
            runs.append(TrainRun(consist: consist, profile: profile, direction: Bool.random(using: &random) ? .ab : .ba))
        }
        let sensor = SensorModel.noisy
        let log = Scenario(trains: runs, sensor: sensor, seed: 42).generate()
        var counter = WagonCounter(
            defaultSettings: CountingPointSettings(sensorSpacing: sensor.spacing, detectionZone: sensor.zone))
        counter.process(log.edges)
        counter.finish()
        reports = counter.takeEvents().compactMap { event in
            if case .trainCompleted(let report) = event { report } else { nil }
        }
        precondition(reports.count == runs.count, "the core should count every simulated train")
    }

    /// The `index`th event (from 0): a train every four minutes.
    public func event(_ index: Int) -> NewEvent {
        var report = reports[index % reports.count]
        let shift = Nanoseconds(index) * 240_000_000_000 - (report.start - Scenario.defaultStartTime)
        report.number = index + 1
        report.start += shift
        report.end += shift
        return NewEvent(
            type: Self.type, subject: Self.point, time: report.end, eventClass: .train,
            data: report.jsonLine(pointName: Self.point))
    }

    public func events(_ range: Range<Int>) -> [NewEvent] { range.map(event) }

    /// Smallest, mean and largest `data` size over the pool, bytes.
    public var dataSizes: (min: Int, mean: Int, max: Int) {
        let sizes = (0..<reports.count).map { event($0).data.utf8.count }
        return (sizes.min() ?? 0, sizes.reduce(0, +) / max(sizes.count, 1), sizes.max() ?? 0)
    }
}
