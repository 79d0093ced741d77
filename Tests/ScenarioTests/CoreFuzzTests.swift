import Testing
import TrainSim
import WagonCore

/// Random, physically meaningless edges: the core must never crash, never
/// report nonsense, and stay independent of chunking.
@Suite struct CoreFuzzTests {
    /// Edges with random sides, levels (repeats included, as lost edges
    /// give), gaps from 0 to 50 ms and occasional long pauses.
    func randomEdges(count: Int, seed: UInt64) -> [Edge] {
        var random = SplitMix64(seed: seed)
        var time: Nanoseconds = 1_700_000_000_000_000_000
        return (0..<count).map { _ in
            let roll = random.next()
            switch roll % 100 {
            case 0: time += Nanoseconds(random.next() % 200_000_000_000)
            case 1...10: break
            default: time += Nanoseconds(random.next() % 50_000_000)
            }
            return Edge(time: time, roll & (1 << 40) == 0 ? .a : .b, occupied: roll & (1 << 41) == 0)
        }
    }

    @Test(arguments: 1...8 as ClosedRange<UInt64>)
    func randomEdgesNeverCrashAndGiveSaneTrains(seed: UInt64) {
        for geometry in ZoneGeometry.allCases {
            let edges = randomEdges(count: 20_000, seed: seed)
            var counter = WagonCounter(defaultSettings: CountingPointSettings(geometry: geometry))
            counter.process(edges)
            counter.finish()
            let events = counter.takeEvents()
            var open = false
            for event in events {
                switch event {
                case .trainStarted:
                    #expect(!open, "a train starts only when none is open")
                    open = true
                case .trainCompleted(let train):
                    #expect(open, "a train completes only after it started")
                    open = false
                    #expect(train.axles >= 0)
                    #expect(train.axlePositions.count == train.axles)
                    #expect(train.vehicles.reduce(0) { $0 + $1.axles } <= train.axles)
                    #expect(train.start <= train.end)
                    #expect(train.length >= 0 && train.length.isFinite)
                    #expect(train.speedAverage >= 0 && train.speedAverage.isFinite)
                    #expect((0...1).contains(train.confidence))
                case .axle(let axle):
                    #expect(axle.speed > 0 && axle.speed.isFinite)
                case .health:
                    break
                }
            }
            #expect(!open, "finish closes every train")
        }
    }

    @Test(arguments: 1...4 as ClosedRange<UInt64>)
    func randomEdgesGiveTheSameEventsWhateverTheChunking(seed: UInt64) {
        let edges = randomEdges(count: 5_000, seed: seed)
        var whole = WagonCounter()
        whole.process(edges)
        whole.finish()
        let reference = whole.takeEvents()

        var random = SplitMix64(seed: seed ^ 0xC0FFEE)
        var counter = WagonCounter()
        var events: [WagonEvent] = []
        var index = 0
        while index < edges.count {
            let end = min(index + Int(random.next() % 17) + 1, edges.count)
            counter.process(edges[index..<end])
            if end < edges.count {
                let from = edges[end - 1].time
                let span = UInt64(max(edges[end].time - from, 0)) + 1
                counter.advance(to: from + Nanoseconds(random.next() % span))
            }
            counter.takeEvents(into: &events)
            index = end
        }
        counter.finish()
        counter.takeEvents(into: &events)
        #expect(events == reference)
    }
}
