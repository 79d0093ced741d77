import Testing
import WagonCore

/// Edge times the core cannot take as they come: older than the time reached,
/// or outside `Edge.timeRange`. Each is clamped and reported, never a crash.
@Suite struct EdgeTimeTests {
    let top = Edge.timeRange.upperBound

    @Test func theTopOfTheRangeLeavesRoomForEveryDeadline() {
        // A whole train in the last minute of the range: every deadline (the
        // debounce windows, the idle close 10 s to 2 min on) lies past 2^62.
        let events = run(edges("A1@0 B1@10 A0@20 B0@30", epoch: top - .seconds(60)))
        #expect(events.axles.count == 1)
        #expect(abs((events.axles.first?.speed ?? 0) - 14) < 1e-9)
        #expect(events.trains.map(\.axles) == [1])
        #expect(events.health.isEmpty)
    }

    @Test func anEdgeBeyondTheRangeIsClampedToItsEndAndReported() {
        var counter = WagonCounter()
        counter.process([Edge(time: top - 5, .a, occupied: true), Edge(time: .max, .a, occupied: false)])
        counter.finish()
        let health = counter.takeEvents().health
        #expect(health.first?.kind == .timeOutOfRange(raw: .max))
        #expect(health.first?.time == top)
        #expect(health.first?.detector == Detector(point: 0, side: .a))
    }

    @Test func aNegativeTimeIsClampedToZeroAndReported() {
        var counter = WagonCounter()
        counter.process([Edge(time: .min, .b, occupied: true), Edge(time: -1, .b, occupied: false)])
        counter.finish()
        let health = counter.takeEvents().health
        #expect(health.map(\.kind) == [.timeOutOfRange(raw: .min), .timeOutOfRange(raw: -1)])
        #expect(health.map(\.time) == [0, 0])
    }

    @Test func anEdgeOlderThanTheTimeReachedIsReportedByHowMuch() {
        var counter = WagonCounter()
        counter.process([Edge(time: 5_000, .a, occupied: true)])
        counter.advance(to: 9_000)
        counter.process([Edge(time: 7_000, .a, occupied: false)])
        let health = counter.takeEvents().health
        #expect(health.map(\.kind) == [.timeWentBackwards(by: 2_000)])
        #expect(health.first?.time == 9_000)
    }

    @Test func aTickPastTheRangeCountsAsItsEnd() {
        var counter = WagonCounter()
        counter.process([Edge(time: 1_000, .a, occupied: true)])
        counter.advance(to: .max)
        counter.process([Edge(time: 2_000, .a, occupied: false)])
        counter.finish()
        let health = counter.takeEvents().health
        #expect(health.map(\.kind).contains(.timeWentBackwards(by: top - 2_000)))
    }

    @Test func aWheelSpanningTheWholeRangeIsDecodedWithoutOverflow() {
        // The three spans in the centre's mean are each close to 2^62: their
        // sum does not fit in 64 bits, their quarter does.
        let events = run([Edge(time: 0, .a, occupied: true), Edge(time: top - .ms(20), .b, occupied: true),
                          Edge(time: top - .ms(10), .a, occupied: false), Edge(time: top, .b, occupied: false)])
        #expect(events.axles.map(\.direction) == [.ab])
        // (top - 20 ms + top - 10 ms + top) / 4 after the first edge at 0.
        #expect(events.axles.first?.time == 3 * (top / 4) - .ms(7.5))
        // The delays disagree (a wheel that stood): speed from the falls, 0.14 m in 10 ms.
        #expect(abs((events.axles.first?.speed ?? 0) - 14) < 1e-9)
    }

    @Test func aPulseOfHalfTheRangeBeforeTheGapOfApartZones() {
        // The gap window is the pulse times `gapTransitFactor`: here more
        // than 64 bits past the pulse's end, so it is held at 2^61.
        var settings = CountingPointSettings(geometry: .apart)
        settings.gapTransitFactor = 4
        let events = run([Edge(time: 0, .a, occupied: true), Edge(time: top / 2, .a, occupied: false)], settings: settings)
        // The log ends with the wheel in the gap: it never got anywhere.
        #expect(events.axles.isEmpty)
        #expect(events.health(named: "incomplete_passage").map(\.time) == [top / 2])
    }
}
