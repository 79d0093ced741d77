import EventStore
import TrainSim
import WagonCore
import WagonReports

/// Realistic train events for the outbox: long freight trains simulated with
/// TrainSim, counted by the real core and written as `wagonctl replay --json`
/// writes them (1.6–1.8 kB each). Event `i` is train `i % pool` renumbered
/// and moved on in time, so no two events are the same text.
public struct TrainEvents: Sendable {
    public static let type = "org.wagond.train"
    public static let point = "east"

    /// Heavy freight of 80–90 vehicles, mixed so the consists differ.
    static let consists = [
        "2xTE116,40xgondola,25xtank,15xhopper",
        "3xVL80,85xcovered",
        "class66,30xsgns,30xhbbins,25xeanos",
        "2x2TE10,50xgondola,20xflat,12xtank",
        "2xvectron,40xzacns,35xtdgns",
    ]

    private let reports: [TrainReport]

    public init() {
        var runs: [TrainRun] = []
        for (index, text) in Self.consists.enumerated() {
            let consist = try! Consist(parsing: text)
            let direction: TravelDirection = index % 2 == 0 ? .ab : .ba
            runs.append(TrainRun(consist: consist, profile: .constant(kmh: 42 + 6 * Double(index)), direction: direction))
            runs.append(TrainRun(
                consist: consist, profile: .braking(fromKmh: 75, toKmh: 30 + 3 * Double(index)),
                direction: direction.opposite))
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
