import Testing
import TrainSim
import WagonCore

/// `WagonCounter.nextDeadline` tells a live consumer when to wake with no new
/// edge. It must never be late (a decision due before it would wait for the
/// next edge or tick) and must lead somewhere (stepping from deadline to
/// deadline decides everything plain processing decides).
@Suite struct NextDeadlineTests {
    /// The last edge of a clean wheel settles after the maximum dropout (a
    /// release is believed once the line stayed low that long); the axle
    /// comes then, not a nanosecond before.
    static let settings = CountingPointSettings(sensorSpacing: 0.14, detectionZone: 0.18)
    static let start: Nanoseconds = 1_000_000_000
    static let ms: Nanoseconds = 1_000_000
    /// One clean wheel over overlapping zones: A1 B1 A0 B0, 10 ms apart.
    static let oneWheel = [Edge(time: start, .a, occupied: true), Edge(time: start + 10 * ms, .b, occupied: true),
                           Edge(time: start + 20 * ms, .a, occupied: false), Edge(time: start + 30 * ms, .b, occupied: false)]

    @Test func theLastWheelIsDecidedExactlyAtItsDeadline() throws {
        let (settings, start, ms) = (Self.settings, Self.start, Self.ms)
        var counter = WagonCounter(defaultSettings: settings)
        counter.process(Self.oneWheel)
        counter.advance(to: start + 30 * ms)
        let before = counter.takeEvents()
        #expect(!before.contains { if case .axle = $0 { true } else { false } })
        let deadline = try #require(counter.nextDeadline)
        #expect(deadline == start + 30 * ms + settings.debounce.maximumDropout)

        var early = counter
        early.advance(to: deadline - 1)
        #expect(!early.takeEvents().contains { if case .axle = $0 { true } else { false } })
        counter.advance(to: deadline)
        #expect(counter.takeEvents().contains { if case .axle = $0 { true } else { false } })
    }

    /// A decision that is due while a detector's change is still pending
    /// waits for that change (it might precede it): then the deadline to
    /// wake for is the pending change's settling, not the decision's.
    @Test func aDueDecisionHeldBackByAPendingSpikeWakesWhenTheSpikeSettles() throws {
        let (settings, ms) = (Self.settings, Self.ms)
        var counter = WagonCounter(defaultSettings: settings)
        counter.process(Self.oneWheel)
        // Step to the axle; what is left to wait for is the train's closing.
        counter.advance(to: try #require(counter.nextDeadline))
        try #require(counter.takeEvents().contains { if case .axle = $0 { true } else { false } })
        let closing = try #require(counter.nextDeadline)

        // A spike on A just before the train would close: 50 µs high, ending 50 µs before.
        counter.process([Edge(time: closing - ms / 10, .a, occupied: true), Edge(time: closing - ms / 20, .a, occupied: false)])
        counter.advance(to: closing)
        #expect(!counter.takeEvents().contains { if case .trainCompleted = $0 { true } else { false } },
                "the spike is pending and could have been a wheel: the train must not close yet")
        let settles = closing - ms / 20 + settings.debounce.maximumDropout
        #expect(counter.nextDeadline == settles)
        counter.advance(to: settles)
        #expect(counter.takeEvents().contains { if case .trainCompleted = $0 { true } else { false } })
    }

    @Test(arguments: [(seed: UInt64(5), noise: 0.0), (seed: 17, noise: 1.0)])
    func steppingFromDeadlineToDeadlineIsNeverLateAndDecidesEverything(seed: UInt64, noise: Double) throws {
        var scenarios = RandomScenario(seed: seed, noiseProbability: noise, trainsPerScenario: 3...3)
        guard let scenario = scenarios.next() else { Issue.record("no scenario"); return }
        let edges = scenario.generate().edges
        let settings = CountingPointSettings(sensorSpacing: scenario.sensor.spacing, detectionZone: scenario.sensor.zone)

        var plain = WagonCounter(defaultSettings: settings)
        plain.process(edges)
        plain.advance(to: edges.last!.time + 3_600_000_000_000)
        let expected = plain.takeEvents()
        try #require(expected.contains { if case .trainCompleted = $0 { true } else { false } })

        var live = WagonCounter(defaultSettings: settings)
        var events: [WagonEvent] = []
        var wakes = 0
        for (index, edge) in edges.enumerated() {
            live.process([edge])
            live.takeEvents(into: &events)
            let next = index + 1 < edges.count ? edges[index + 1].time : edge.time + 3_600_000_000_000
            while let deadline = live.nextDeadline, deadline < next {
                var early = live
                early.advance(to: deadline - 1)
                let premature = early.takeEvents()
                #expect(premature.isEmpty, "something was decided before the deadline \(deadline) (edge \(index) at \(edge.time), next \(next))")
                live.advance(to: deadline)
                live.takeEvents(into: &events)
                wakes += 1
                try #require(wakes < 50 * edges.count, "deadlines do not move on")
            }
            // No deadline before the next edge: nothing may be due until then.
            var quiet = live
            quiet.advance(to: next - 1)
            #expect(quiet.takeEvents().isEmpty, "decided before the next edge (\(index + 1)) with no deadline due")
        }
        live.advance(to: edges.last!.time + 3_600_000_000_000)
        live.takeEvents(into: &events)
        #expect(events == expected)
    }
}
