import TrainSim
import WagonCore

/// Counts a simulated log with settings matching its sensor.
func count(_ log: SimulatedLog, sensor: SensorModel, chunks: [Int]? = nil) -> [WagonEvent] {
    var counter = WagonCounter(defaultSettings: CountingPointSettings(sensorSpacing: sensor.spacing, detectionZone: sensor.zone))
    counter.process(log.edges)
    counter.finish()
    return counter.takeEvents()
}

func trains(_ events: [WagonEvent]) -> [TrainReport] {
    events.compactMap { if case .trainCompleted(let train) = $0 { train } else { nil } }
}

func consist(_ text: String) -> Consist {
    try! Consist(parsing: text)
}
