import Testing
import WagonCore

/// Every decoder transition, from hand-written logs. Spacing 0.14 m and
/// A→B delays of 10 ms give 14 m/s unless a test says otherwise.
@Suite struct WheelDecoderTests {
    let epoch: Nanoseconds = 1_700_000_000_000_000_000

    @Test func overlappingZonesCountOneAxleFromAToB() {
        let axles = run(edges("A1@0 B1@10 A0@20 B0@30")).axles
        #expect(axles.count == 1)
        #expect(axles.first?.direction == .ab)
        #expect(abs((axles.first?.speed ?? 0) - 14) < 1e-9)
        // Centre crossing: the mean of the four transitions, 15 ms.
        #expect(axles.first?.time == epoch + .ms(15))
        #expect(axles.first?.decidedAt == epoch + .ms(30))
    }

    @Test func overlappingZonesCountOneAxleFromBToA() {
        let axles = run(edges("B1@0 A1@10 B0@20 A0@30")).axles
        #expect(axles.map(\.direction) == [.ba])
        #expect(abs(axles[0].speed - 14) < 1e-9)
    }

    @Test func zonesApartCountOneAxleThroughTheGap() {
        let axles = run(edges("A1@0 A0@8 B1@10 B0@18")).axles
        #expect(axles.map(\.direction) == [.ab])
        #expect(abs(axles[0].speed - 14) < 1e-9)
    }

    @Test func zonesApartCountFromBToA() {
        let axles = run(edges("B1@0 B0@8 A1@10 A0@18")).axles
        #expect(axles.map(\.direction) == [.ba])
    }

    @Test func speedAveragesTheRiseAndFallDelays() {
        // Rise delay 10 ms, fall delay 14 ms: mean 12 ms → 0.14 / 0.012 s.
        let axles = run(edges("A1@0 B1@10 A0@20 B0@34")).axles
        #expect(abs(axles[0].speed - 0.14 / 0.012) < 1e-9)
    }

    @Test func wheelThatRollsOntoBothAndBackIsNotCounted() {
        let events = run(edges("A1@0 B1@10 B0@20 A0@30"))
        #expect(events.axles.isEmpty)
        #expect(events.health(named: "incomplete_passage").count == 1)
        #expect(events.trains.isEmpty)
    }

    @Test func wheelThatRollsOntoTheEntryDetectorAndBackIsNotCounted() {
        let events = run(edges("A1@0 A0@20"))
        #expect(events.axles.isEmpty)
        #expect(events.health(named: "incomplete_passage").map(\.detector.side) == [.a])
    }

    @Test func wheelRockingOnTheExitDetectorIsCountedOnceWhenItLeaves() {
        // On both, onto B alone, back onto both, onto B alone, off B.
        let axles = run(edges("A1@0 B1@10 A0@20 A1@40 A0@60 B0@80")).axles
        #expect(axles.count == 1)
        #expect(axles[0].direction == .ab)
        #expect(axles[0].stoppedOnPoint)
    }

    @Test func wheelRockingBackOffTheExitDetectorIsCountedOnce() {
        // Onto both, back off B, onto B again, then through.
        let axles = run(edges("A1@0 B1@10 B0@15 B1@30 A0@40 B0@50")).axles
        #expect(axles.map(\.direction) == [.ab])
        #expect(axles[0].stoppedOnPoint)
    }

    @Test func wheelReturningToTheEntryDetectorWithinTheGapWindowContinues() {
        // Apart zones: A, into the gap, back onto A, through the gap onto B.
        let axles = run(edges("A1@0 A0@8 A1@12 A0@20 B1@22 B0@30")).axles
        #expect(axles.map(\.direction) == [.ab])
    }

    @Test func wheelParkedInTheGapThatGoesOnIsCountedOnce() {
        // An 8 ms pulse on A gives a 32 ms gap window; the wheel reaches B
        // only after 100 ms: it stood in the gap, then went on. Its speed
        // comes from its 8 ms pulse on B over the 0.12 m zone: 15 m/s.
        let axles = run(edges("A1@0 A0@8 B1@108 B0@116")).axles
        #expect(axles.map(\.direction) == [.ab])
        #expect(axles.first?.stoppedOnPoint == true)
        #expect(abs((axles.first?.speed ?? 0) - 0.12 / 0.008) < 1e-9)
    }

    @Test func wheelParkedInTheGapThatWentBackIsNotCountedWhenAWheelCrossesFromTheOtherSide() {
        // After the park, a wheel passes B and crosses the gap onto A at
        // once: the parked wheel had gone back; this one travels BA.
        let events = run(edges("A1@0 A0@8 B1@500 B0@508 A1@510 A0@518"))
        #expect(events.axles.map(\.direction) == [.ba])
        #expect(events.health(named: "incomplete_passage").map(\.detector.side) == [.a])
    }

    @Test func wheelThatNeverReachesTheExitDetectorIsReportedAtTheEndOfInput() {
        let events = run(edges("A1@0 A0@8"))
        #expect(events.axles.isEmpty)
        #expect(events.health(named: "incomplete_passage").map(\.detector.side) == [.a])
    }

    @Test func bothDetectorsOccupiedWithZonesApartIsAFaultAndTheDecoderResynchronises() {
        var settings = CountingPointSettings(sensorSpacing: 0.3, detectionZone: 0.12, geometry: .apart)
        settings.gapTransitFactor = 4
        let events = run(edges("A1@0 B1@5 A0@10 B0@15 A1@100 A0@108 B1@110 B0@118"), settings: settings)
        #expect(events.health(named: "sequence_fault").count == 1)
        // After both are free again, the next wheel counts normally.
        #expect(events.axles.map(\.direction) == [.ab])
    }

    @Test func overlappingGeometryTakesALeftEntryWheelAsGoneBackAtOnce() {
        let settings = CountingPointSettings(geometry: .overlapping)
        let events = run(edges("A1@0 A0@8 B1@10 B0@18"), settings: settings)
        #expect(events.axles.isEmpty)
        #expect(events.health(named: "incomplete_passage").map(\.detector.side) == [.a, .b])
    }

    @Test func simultaneousChangesOnBothDetectorsAreAFault() {
        let events = run(edges("A1@0 B1@0 A0@10 B0@10"))
        #expect(events.axles.isEmpty)
        #expect(events.health(named: "sequence_fault").count == 1)
    }

    @Test func passageFasterThanTheMaximumSpeedIsAFault() {
        // 0.14 m in 0.5 ms is 1008 km/h.
        let events = run(edges("A1@0 B1@0.5 A0@3 B0@3.5"))
        #expect(events.axles.isEmpty)
        #expect(events.health(named: "sequence_fault").count == 1)
    }
}
