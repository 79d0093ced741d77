import Testing
import WagonCore

/// Trains open at the first axle, close when idle, and count net axles.
@Suite struct TrainAssemblerTests {
    let epoch: Nanoseconds = 1_700_000_000_000_000_000

    /// One wheel over an overlapping point at `start` ms, in `direction`,
    /// with 10 ms between the detectors (14 m/s at 0.14 m).
    func wheel(_ start: Double, _ direction: Direction = .ab) -> String {
        let (first, second) = direction == .ab ? ("A", "B") : ("B", "A")
        return "\(first)1@\(start) \(second)1@\(start + 10) \(first)0@\(start + 20) \(second)0@\(start + 30)"
    }

    @Test func trainStartsAtItsFirstAxleAndClosesAfterTheIdleTime() {
        // Four wheels 2 m apart at 14 m/s: 142.857 ms apart.
        let script = (0..<4).map { wheel(Double($0) * 2000.0 / 14) }.joined(separator: " ")
        var counter = WagonCounter()
        counter.process(edges(script))
        var events = counter.takeEvents()
        #expect(events.starts.count == 1)
        #expect(events.starts.first?.time == epoch + .ms(15))
        #expect(events.trains.isEmpty)
        // Idle time at 14 m/s: max(30 m / 14 m/s, 10 s) = 10 s after the last change.
        let lastChange = epoch + .ms(3 * 2000.0 / 14 + 30)
        counter.advance(to: lastChange + .seconds(10) - 1)
        #expect(counter.takeEvents().trains.isEmpty)
        counter.advance(to: lastChange + .seconds(10))
        events = counter.takeEvents()
        #expect(events.trains.count == 1)
        #expect(events.trains.first?.axles == 4)
        #expect(events.trains.first?.direction == .ab)
        #expect(events.trains.first?.flags.contains(.interrupted) == false)
        // Positions from the integrated speed: 0, 2, 4, 6 m.
        for (index, position) in (events.trains.first?.axlePositions ?? []).enumerated() {
            #expect(abs(position - 2 * Double(index)) < 1e-6)
        }
    }

    @Test func trainStandingOnTheSensorStaysOpenHoweverLongItStands() {
        var counter = WagonCounter()
        counter.process(edges(wheel(0) + " A1@1000"))
        counter.advance(to: epoch + .seconds(3600))
        #expect(counter.takeEvents().trains.isEmpty)
        counter.process(edges("B1@3600010 A0@3600020 B0@3600030"))
        counter.advance(to: epoch + .seconds(3700))
        let trains = counter.takeEvents().trains
        #expect(trains.map(\.axles) == [2])
        #expect(trains.first?.flags.contains(.stopped) == true)
    }

    @Test func axlesThatBackOutAreSubtractedAndNotCountedTwiceWhenTheyComeAgain() {
        // 4 forward, 2 back, 2 forward again: 4 net axles over 4 positions.
        let times = [0.0, 200, 400, 600]
        var script = times.map { wheel($0) }
        script += [wheel(2000, .ba), wheel(2200, .ba)]
        script += [wheel(4000), wheel(4200)]
        let trains = run(edges(script.joined(separator: " "))).trains
        #expect(trains.count == 1)
        #expect(trains.first?.axles == 4)
        #expect(trains.first?.direction == .ab)
        #expect(trains.first?.flags.contains(.reversed) == true)
        // Re-entered axles keep their first spacing: 200 ms × 14 m/s = 2.8 m.
        for (index, position) in (trains.first?.axlePositions ?? []).enumerated() {
            #expect(abs(position - 2.8 * Double(index)) < 1e-6)
        }
    }

    @Test func trainThatBacksOutEntirelyAndMoreTurnsItsDirection() {
        let script = [wheel(0), wheel(200), wheel(2000, .ba), wheel(2200, .ba), wheel(2400, .ba)]
        let trains = run(edges(script.joined(separator: " "))).trains
        #expect(trains.map(\.axles) == [1])
        #expect(trains.first?.direction == .ba)
    }

    @Test func silentDetectorGivesDegradedAxlesWithoutDirection() {
        // B is dead; A sees 10 pulses of 8.57 ms (0.12 m at 14 m/s), 2 m apart.
        let script = (0..<10).map { i -> String in
            let start = Double(i) * 2000.0 / 14
            return "A1@\(start) A0@\(start + 120.0 / 14)"
        }.joined(separator: " ")
        let events = run(edges(script))
        #expect(events.health(named: "detector_silent").map(\.detector.side) == [.b])
        let trains = events.trains
        #expect(trains.map(\.axles) == [10])
        #expect(trains.first?.flags.isSuperset(of: [.degradedB, .directionUnknown, .speedEstimated]) == true)
        #expect(abs((trains.first?.speedAverage ?? 0) - 14 * 3.6) < 1e-6)
    }

    @Test func silentDetectorThatComesBackIsReportedAsRecovered() {
        var script = (0..<8).map { i -> String in
            let start = Double(i) * 200
            return "A1@\(start) A0@\(start + 20)"
        }
        script.append(wheel(3000))
        let events = run(edges(script.joined(separator: " ")))
        #expect(events.health(named: "detector_recovered").map(\.detector.side) == [.b])
    }

    @Test func detectorOccupiedForLongIsReported() {
        var counter = WagonCounter()
        counter.process(edges("A1@0"))
        counter.advance(to: epoch + .seconds(601))
        #expect(counter.takeEvents().health(named: "long_occupation").count == 1)
    }

    @Test func endOfInputWithADetectorOccupiedClosesTheTrainAsInterrupted() {
        let trains = run(edges(wheel(0) + " A1@500")).trains
        #expect(trains.map(\.axles) == [1])
        #expect(trains.first?.flags.contains(.interrupted) == true)
    }
}
