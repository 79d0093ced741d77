import Testing
import TrainSim
import WagonCore

@Test func simulatedEdgeSourceServesEveryEdgeInChunks() {
    let log = Scenario(consist: consist("2TE10,30xhopper"), profile: .constant(kmh: 70), sensor: .noisy, seed: 9)
        .generate()
    var source = SimulatedEdgeSource(log)
    #expect(source.channels == log.channels)
    var served: [Edge] = []
    var reads = 0
    while source.readEdges(into: &served, maxCount: 100) { reads += 1 }
    #expect(served == log.edges)
    #expect(reads == (log.edges.count + 99) / 100)
    #expect(source.remaining == 0)
    #expect(!source.readEdges(into: &served, maxCount: 100))
}
