import TrainSim
import WagonReports

extension ExpectedTrain {
    /// The expected result in the shape of `wagonctl replay --json`.
    var jsonLine: String {
        var json = JSONObjectWriter()
        json.add("direction", direction.rawValue)
        json.add("axles", axles)
        json.add("vehicles", vehicles)
        json.add("wagons", wagons)
        json.add("locomotives", locomotives)
        json.add("start_ns", startNs)
        json.add("end_ns", endNs)
        json.add("speed_kmh_avg", speedKmhAvg, decimals: 1)
        json.add("length_m", lengthM, decimals: 2)
        json.add("flags", strings: flags)
        json.add("noise", noise)
        json.add("consist", strings: consist.map { "\($0.type):\($0.axles)\($0.passed ? "" : ":not-passed")" })
        return json.string
    }
}
