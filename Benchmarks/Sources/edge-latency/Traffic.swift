import TrainSim
import WagonCore

/// Simulated traffic for the latency run: realistic trains (TrainSim's
/// random consists, speeds, stops and reversals) one after the other on one
/// counting point, in simulated time.
struct Traffic {
    var edges: [Edge] = []
    var trains = 0
    var expectedAxles = 0
    var settings = CountingPointSettings()

    /// At least `count` edges, then cut at the end of the train that reaches it.
    init(edges count: Int, seed: UInt64, noise: Double) {
        var scenarios = RandomScenario(seed: seed, noiseProbability: noise)
        edges.reserveCapacity(count + 20_000)
        var shift: Nanoseconds = 0
        while edges.count < count {
            let scenario = scenarios.next()!
            let log = scenario.generate()
            settings = CountingPointSettings(sensorSpacing: scenario.sensor.spacing, detectionZone: scenario.sensor.zone)
            // Each scenario starts where the last ended, a minute later, so
            // trains never merge and times only grow.
            let offset = shift - log.span.lowerBound
            for edge in log.edges {
                edges.append(Edge(time: edge.time + offset, detector: edge.detector, occupied: edge.occupied))
            }
            trains += log.trains.count
            expectedAxles += log.trains.reduce(0) { $0 + $1.axles }
            shift += log.span.upperBound - log.span.lowerBound + 60_000_000_000
        }
    }
}
