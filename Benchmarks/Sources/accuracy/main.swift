import TrainSim
import WagonCore

// Accuracy report: random simulated trains across the catalogue, speeds and
// profiles, counted by the core and compared with what the scenario's
// construction says. Usage: accuracy [trains] [seed]

struct Tally {
    var trains = 0, axles = 0, direction = 0, vehicles = 0, locomotives = 0, missing = 0
    var failures: [String] = []

    mutating func add(expected: ExpectedTrain, got: TrainReport?, label: String) {
        trains += 1
        guard let got else { missing += 1; failures.append("\(label): no train reported"); return }
        let axlesOK = got.axles == expected.axles
        let directionOK = got.direction.rawValue == expected.direction.rawValue || expected.axles == 0
            || got.flags.contains(.directionUnknown)
        if axlesOK { axles += 1 }
        if directionOK { direction += 1 }
        if got.vehicles.count == expected.vehicles { vehicles += 1 }
        if got.locomotives == expected.locomotives { locomotives += 1 }
        if !axlesOK || !directionOK || got.vehicles.count != expected.vehicles || got.locomotives != expected.locomotives {
            failures.append("\(label): expected \(expected.direction) \(expected.axles) axles \(expected.vehicles) vehicles, "
                            + "(\(expected.locomotives) locos), got \(got.direction.rawValue) \(got.axles) axles \(got.vehicles.count) vehicles (\(got.locomotives) locos) "
                            + "\(got.flags.names) [\(expected.flags.joined(separator: ","))] noise: \(expected.noise)")
        }
    }

    func percent(_ count: Int) -> String {
        let value = trains > 0 ? Double(count) * 100 / Double(trains) : 0
        let scaled = Int((value * 100).rounded())
        return "\(scaled / 100).\(scaled % 100 < 10 ? "0" : "")\(scaled % 100)%"
    }
}

func evaluate(seed: UInt64, trains: Int, noise: Double, geometry: SensorModel) -> Tally {
    var tally = Tally()
    var scenarios = RandomScenario(seed: seed, noiseProbability: noise, geometry: geometry)
    for index in 0..<trains {
        let scenario = scenarios.next()!
        let log = scenario.generate()
        let settings = CountingPointSettings(sensorSpacing: scenario.sensor.spacing, detectionZone: scenario.sensor.zone)
        var counter = WagonCounter(defaultSettings: settings)
        counter.process(log.edges)
        counter.finish()
        let reported = counter.takeEvents().compactMap { event -> TrainReport? in
            if case .trainCompleted(let train) = event, train.axles > 0 { return train }
            return nil
        }
        let expected = log.trains.filter { $0.axles > 0 }
        for (offset, train) in expected.enumerated() {
            let consist = train.consist.map(\.type).reduce(into: [String: Int]()) { $0[$1, default: 0] += 1 }
                .sorted { $0.key < $1.key }.map { "\($0.value)x\($0.key)" }.joined(separator: ",")
            tally.add(expected: train, got: offset < reported.count ? reported[offset] : nil,
                      label: "#\(index) \(consist) \(scenario.trains[offset].profile)")
        }
        if reported.count > expected.count {
            tally.failures.append("#\(index): \(reported.count - expected.count) extra trains reported")
        }
    }
    return tally
}

let arguments = CommandLine.arguments
let count = arguments.count > 1 ? Int(arguments[1]) ?? 1000 : 1000
let seed = arguments.count > 2 ? UInt64(arguments[2]) ?? 2026 : 2026

print("wagond accuracy report: \(count) random trains per row, seed \(seed)")
print("")
print("sensor                      trains  axles    direction  vehicles  locos    missing")
let rows: [(String, Double, SensorModel)] = [
    ("overlapping zones, clean", 0, .ideal),
    ("overlapping zones, noisy", 1, .ideal),
    ("zones apart, clean", 0, .apart),
    ("zones apart, noisy", 1, .apart),
]
var allFailures: [String] = []
for (name, noise, geometry) in rows {
    let tally = evaluate(seed: seed, trains: count, noise: noise, geometry: geometry)
    func col(_ text: String, _ width: Int) -> String { text + String(repeating: " ", count: max(1, width - text.count)) }
    print(col(name, 28) + col(String(tally.trains), 8) + col(tally.percent(tally.axles), 9)
          + col(tally.percent(tally.direction), 11) + col(tally.percent(tally.vehicles), 10)
          + col(tally.percent(tally.locomotives), 9) + String(tally.missing))
    allFailures += tally.failures.prefix(15).map { "[\(name)] \($0)" }
}
print("")
print("targets: axles and direction 100% (clean), vehicles >= 99.5%, axles >= 99.9% with noise")
if !allFailures.isEmpty {
    print("")
    print("first mismatches:")
    for line in allFailures { print("  " + line) }
}
