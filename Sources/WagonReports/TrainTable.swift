import WagonCore

/// The human table of `wagonctl replay`: one grep-able line per train.
public struct TrainTable {
    public static let header =
        "point  train  dir  axles  vehicles  locos  wagons  speed km/h  length m  duration s  flags"

    public static func row(_ train: TrainReport, pointName: String) -> String {
        let duration = Double(train.end - train.start) / 1e9
        return [
            pad(pointName, 5), pad(String(train.number), 5, right: true), " " + train.direction.rawValue,
            pad(String(train.axles), 6, right: true), pad(String(train.vehicles.count), 9, right: true),
            pad(String(train.locomotives), 6, right: true), pad(String(train.wagons), 7, right: true),
            pad(Decimal.fixed(train.speedAverage, decimals: 1), 11, right: true),
            pad(Decimal.fixed(train.length, decimals: 1), 9, right: true),
            pad(Decimal.fixed(duration, decimals: 1), 11, right: true),
            " " + (train.flags.names.isEmpty ? "-" : train.flags.names.joined(separator: ",")),
        ].joined(separator: " ")
    }

    public static func pad(_ text: String, _ width: Int, right: Bool = false) -> String {
        let fill = String(repeating: " ", count: max(0, width - text.count))
        return right ? fill + text : text + fill
    }
}
