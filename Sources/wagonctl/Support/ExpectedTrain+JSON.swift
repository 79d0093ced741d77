import TrainSim
import WagonReports

extension ExpectedTrain {
    /// The expected result in the shape of `wagonctl replay --json`.
    var jsonLine: String {
        var json = TrainContract(
            direction: direction.rawValue, axles: axles, vehicles: vehicles, wagons: wagons,
            locomotives: locomotives, start: startNs, end: endNs, speedAverageKmh: speedKmhAvg,
            length: lengthM, flags: flags).json
        json.add("noise", noise)
        json.add("consist", strings: consist.map { "\($0.type):\($0.axles)\($0.passed ? "" : ":not-passed")" })
        return json.string
    }
}
