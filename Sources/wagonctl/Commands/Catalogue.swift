import ArgumentParser
import TrainSim
import WagonReports

/// `wagonctl catalogue`: the rolling stock the simulator knows.
struct Catalogue: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "List the vehicle types that simulate --consist accepts.")

    func run() {
        emit("type          kind        gauge  axles  length m  axle offsets m")
        for type in TrainSim.Catalogue.standard.types {
            let offsets = type.axleOffsets.map { Decimal.fixed($0, decimals: 2) }.joined(separator: " ")
            emit([TrainTable.pad(type.name, 13), TrainTable.pad(type.kind.rawValue, 11),
                  TrainTable.pad(String(type.gauge), 6), TrainTable.pad(String(type.axleOffsets.count), 6),
                  TrainTable.pad(Decimal.fixed(type.length, decimals: 2), 9), " " + offsets].joined(separator: " "))
        }
    }
}
