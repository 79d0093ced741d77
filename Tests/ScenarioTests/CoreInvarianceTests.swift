import Testing
import TrainSim
import WagonCore

/// Properties of the core as a pure function of its edges.
@Suite struct CoreInvarianceTests {
    static let scenarios: [Scenario] = [
        Scenario(consist: consist("2xTE116,12xgondola"), profile: .constant(kmh: 60), sensor: .noisy, seed: 3),
        Scenario(consist: consist("VL80,10xtank"), profile: .stopOnPoint(kmh: 12, axle: 9), seed: 4),
        Scenario(consist: consist("TE116,8xcovered"), profile: .reversing(kmh: 10, passAxles: 14, backAxles: 5), seed: 5),
        Scenario(consist: consist("G1206,10xgbs"), profile: .braking(fromKmh: 60, toKmh: 10), sensor: .apart, seed: 6),
    ]

    @Test(arguments: scenarios)
    func swappingAAndBGivesTheSameTrainsInTheOtherDirection(scenario: Scenario) {
        let log = scenario.generate()
        var swapped = log
        swapped.edges = log.edges.map { Edge(time: $0.time, detector: Detector(point: 0, side: $0.detector.side.other), occupied: $0.occupied) }
        let original = trains(count(log, sensor: scenario.sensor))
        let mirrored = trains(count(swapped, sensor: scenario.sensor))
        #expect(!original.isEmpty)
        #expect(original.map(\.axles) == mirrored.map(\.axles))
        #expect(original.map(\.direction) == mirrored.map(\.direction.reversed))
        #expect(original.map(\.vehicles) == mirrored.map(\.vehicles))
        #expect(original.map(\.start) == mirrored.map(\.start))
    }

    @Test(arguments: scenarios)
    func shiftingTheClockShiftsTheTrainsAndChangesNothingElse(scenario: Scenario) {
        let log = scenario.generate()
        let shift: Nanoseconds = -1_699_999_000_000_000_000
        var shifted = log
        shifted.edges = log.edges.map { Edge(time: $0.time + shift, detector: $0.detector, occupied: $0.occupied) }
        let original = trains(count(log, sensor: scenario.sensor))
        var moved = trains(count(shifted, sensor: scenario.sensor))
        for index in moved.indices {
            moved[index].start -= shift
            moved[index].end -= shift
        }
        #expect(original == moved)
    }

    @Test(arguments: scenarios)
    func anyChunkingAndTickingOfTheInputGivesIdenticalEvents(scenario: Scenario) {
        let log = scenario.generate()
        let settings = CountingPointSettings(sensorSpacing: scenario.sensor.spacing, detectionZone: scenario.sensor.zone)
        var whole = WagonCounter(defaultSettings: settings)
        whole.process(log.edges)
        whole.finish()
        let reference = whole.takeEvents()

        var random = SplitMix64(seed: 99)
        for _ in 0..<5 {
            var counter = WagonCounter(defaultSettings: settings)
            var events: [WagonEvent] = []
            var index = 0
            while index < log.edges.count {
                let size = Int(random.next() % 50) + 1
                let end = min(index + size, log.edges.count)
                counter.process(log.edges[index..<end])
                // A tick anywhere up to the next edge's time is allowed.
                if end < log.edges.count, random.next() % 2 == 0 {
                    let from = log.edges[end - 1].time
                    let to = log.edges[end].time
                    counter.advance(to: from + Nanoseconds(random.next() % UInt64(max(to - from, 1))))
                }
                counter.takeEvents(into: &events)
                index = end
            }
            counter.finish()
            counter.takeEvents(into: &events)
            #expect(events == reference)
        }
    }
}
