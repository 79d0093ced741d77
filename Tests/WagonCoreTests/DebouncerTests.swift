import Testing
import WagonCore

/// The filter removes noise but reports the true transition times.
@Suite struct DebouncerTests {
    let epoch: Nanoseconds = 1_700_000_000_000_000_000

    @Test func spikeShorterThanTheMinimumPulseIsRejected() {
        let events = run(edges("A1@5 A0@5.3 B1@7 B0@7.2"))
        #expect(events.axles.isEmpty)
        #expect(events.health(named: "incomplete_passage").isEmpty)
        var counter = WagonCounter()
        counter.process(edges("A1@5 A0@5.3"))
        counter.finish()
        #expect(counter.points[0].statistics(of: .a).spikes == 1)
        #expect(counter.points[0].statistics(of: .a).pulses == 0)
    }

    @Test func contactBounceKeepsTheTimeOfFirstContactAndRelease() {
        // Bounce on every transition; the true times are 0, 10, 20, 30 ms.
        let bouncy = edges("A1@0 A0@0.1 A1@0.2 B1@10 B0@10.05 B1@10.15 A0@20 A1@20.1 A0@20.2 B0@30 B1@30.1 B0@30.25")
        let clean = edges("A1@0 B1@10 A0@20 B0@30")
        let axles = run(bouncy).axles
        #expect(axles.count == 1)
        #expect(axles.first?.time == run(clean).axles.first?.time)
        #expect(axles.first?.speed == run(clean).axles.first?.speed)
    }

    @Test func dropoutInsideAPulseIsBridged() {
        let events = run(edges("A1@0 B1@10 A0@12 A1@12.3 A0@20 B0@30"))
        #expect(events.axles.count == 1)
        var counter = WagonCounter()
        counter.process(edges("A1@0 B1@10 A0@12 A1@12.3 A0@20 B0@30"))
        counter.finish()
        #expect(counter.points[0].statistics(of: .a).dropouts == 1)
        #expect(counter.points[0].statistics(of: .a).pulses == 1)
    }

    @Test func aBouncyDetectorCannotSwapTheOrderOfTransitions() {
        // A's first contact is at 0 but it bounces until 0.5 ms, so it is
        // confirmed after B's clean rise at 0.3 ms; the output must still say A first.
        let axles = run(edges("A1@0 A0@0.2 A1@0.5 B1@0.9 A0@2.5 B0@3.4"), settings: CountingPointSettings(sensorSpacing: 0.01)).axles
        #expect(axles.map(\.direction) == [.ab])
    }

    @Test func repeatedLevelIsReportedAsALostEdge() {
        let events = run(edges("A1@0 A1@1 B1@10 A0@20 B0@30"))
        #expect(events.health(named: "lost_edge").count == 1)
        #expect(events.axles.count == 1)
        #expect(events.trains.first?.flags.contains(.edgesLost) == true)
    }

    @Test func manySpikesInASecondAreChattering() {
        let spikes = (0..<25).map { "A1@\(Double($0) * 10) A0@\(Double($0) * 10 + 0.1)" }.joined(separator: " ")
        let events = run(edges(spikes))
        #expect(events.health(named: "chattering").count == 1)
        #expect(events.axles.isEmpty)
    }

    @Test func endlessChatterIsSettledAndDoesNotHoldTheOtherDetectorBack() {
        // A chatters with 0.2 ms pulses and 0.2 ms gaps for 50 ms while B
        // sees a clean pulse: B's changes come out after the settle limit.
        var script = (0..<125).map { "A1@\(Double($0) * 0.4) A0@\(Double($0) * 0.4 + 0.2)" }
        script.append("B1@10 B0@20")
        var counter = WagonCounter()
        counter.process(edges(script.joined(separator: " ")).sorted { $0.time < $1.time })
        counter.advance(to: epoch + .ms(60))
        #expect(counter.points[0].statistics(of: .b).pulses == 1)
    }
}
