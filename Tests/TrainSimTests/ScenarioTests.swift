import Testing
import TrainSim
import WagonCore

@Test func aLogCarriesItsChannelsAndSensorSpacing() {
    let log = Scenario(consist: consist("vectron,2xsgns"), profile: .constant(kmh: 50), sensor: .apart).generate()
    #expect(log.channels.channelName(of: Detector(point: 0, side: .a)) == "A")
    #expect(log.channels.channelName(of: Detector(point: 0, side: .b)) == "B")
    #expect(log.metadata.first { $0.key == "sensor_spacing_m" }?.value == "0.3")
    #expect(log.metadata.first { $0.key == "consist" }?.value == "vectron,2xsgns")
    #expect(log.span.lowerBound == t0)
    #expect(log.span.upperBound == log.edges.last!.time + 1_000_000_000)
}
