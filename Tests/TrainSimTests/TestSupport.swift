import TrainSim
import WagonCore

/// One wheel on a 1 m "vehicle": the smallest train, for hand-computed times.
let singleWheel = VehicleType(name: "wheel", kind: .wagon, gauge: 1520, length: 1, axleOffsets: [0.5])

let t0 = Scenario.defaultStartTime

/// A detector's own edges, in log order.
func edges(of side: Side, in edges: [Edge]) -> [Edge] {
    edges.filter { $0.detector.side == side }
}

/// Whether a detector's levels go 1, 0, 1, 0, ... with strictly increasing times.
func alternates(_ own: [Edge]) -> Bool {
    var expected = true
    var previous = Int64.min
    for edge in own {
        guard edge.occupied == expected, edge.time > previous else { return false }
        expected.toggle()
        previous = edge.time
    }
    return true
}

/// A compact picture of the edge order, e.g. "A1 B1 A0 B0".
func pattern(_ edges: [Edge]) -> String {
    edges.map { "\($0.detector.side.letter)\($0.occupied ? 1 : 0)" }.joined(separator: " ")
}

/// A reference debouncer: a level change counts only if the level then holds
/// longer than `hold` ns. Everything TrainSim calls noise must vanish through it.
func debounced(_ own: [Edge], hold: Int64 = 300_000) -> [Edge] {
    var result: [Edge] = []
    var level = false
    for (index, edge) in own.enumerated() {
        let next = index + 1 < own.count ? own[index + 1].time : Int64.max
        if next - edge.time > hold && edge.occupied != level {
            result.append(edge)
            level = edge.occupied
        }
    }
    return result
}

func consist(_ text: String) -> Consist {
    do {
        return try Consist(parsing: text)
    } catch {
        fatalError("test consist '\(text)' does not parse: \(error)")
    }
}
