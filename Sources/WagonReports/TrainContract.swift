import WagonCore

/// The keys every train line of `wagonctl replay --json` starts with, in
/// order (DESIGN.md, "wagonctl replay FILE --json"): written in one place
/// for counted trains and for the simulator's expected trains alike.
public struct TrainContract {
    public var direction: String
    public var axles: Int
    public var vehicles: Int
    public var wagons: Int
    public var locomotives: Int
    public var start: Int64
    public var end: Int64
    public var speedAverageKmh: Double
    public var length: Double
    public var flags: [String]

    public init(direction: String, axles: Int, vehicles: Int, wagons: Int, locomotives: Int,
                start: Int64, end: Int64, speedAverageKmh: Double, length: Double, flags: [String]) {
        (self.direction, self.axles, self.vehicles, self.wagons, self.locomotives) =
            (direction, axles, vehicles, wagons, locomotives)
        (self.start, self.end, self.speedAverageKmh, self.length, self.flags) = (start, end, speedAverageKmh, length, flags)
    }

    /// A JSON object holding the contract keys; callers add their extras.
    public var json: JSONObjectWriter {
        var json = JSONObjectWriter()
        json.add("direction", direction)
        json.add("axles", axles)
        json.add("vehicles", vehicles)
        json.add("wagons", wagons)
        json.add("locomotives", locomotives)
        json.add("start_ns", start)
        json.add("end_ns", end)
        json.add("speed_kmh_avg", speedAverageKmh, decimals: 1)
        json.add("length_m", length, decimals: 2)
        json.add("flags", strings: flags)
        return json
    }
}
