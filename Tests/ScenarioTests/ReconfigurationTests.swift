import Testing
import TrainSim
import WagonCore

/// A reload gives a point new settings between trains: a train already on
/// the point is finished by the rules it started with; the next train is
/// counted by the new ones.
@Suite struct ReconfigurationTests {
    static let spacing = 0.14
    let first = Scenario(consist: consist("TE116,10xgondola"), profile: .constant(kmh: 40)).generate().edges
    /// The same train again, 10 minutes later (the first has long closed by then).
    var second: [Edge] {
        first.map { edge in
            var later = edge
            later.time += 600_000_000_000
            return later
        }
    }

    func settings(spacing: Double) -> CountingPointSettings {
        CountingPointSettings(sensorSpacing: spacing)
    }

    @Test func newSpacingWaitsForTheOpenTrainThenScalesTheNextTrainsSpeed() throws {
        var reference = WagonCounter(defaultSettings: settings(spacing: Self.spacing))
        reference.process(first + second)
        reference.finish()
        let expected = trains(reference.takeEvents())
        try #require(expected.count == 2)

        var counter = WagonCounter(defaultSettings: settings(spacing: Self.spacing))
        let half = first.count / 2 / 4 * 4  // between two wheels
        counter.process(Array(first.prefix(half)))
        let doubled = settings(spacing: 2 * Self.spacing)
        let tookItMidTrain = counter.adopt(doubled, forPoint: "")
        #expect(!tookItMidTrain, "a train is open: the new settings must wait")
        counter.process(Array(first.dropFirst(half)))
        // Ask again at every tick, as the daemon's loop does, until the train has closed.
        var tick = first.last!.time
        while !counter.adopt(doubled, forPoint: "") {
            tick += 1_000_000_000
            counter.advance(to: tick)
            try #require(tick < second[0].time, "the first train never closed")
        }
        counter.process(second)
        counter.finish()
        let counted = trains(counter.takeEvents())
        try #require(counted.count == 2)

        #expect(counted[0] == expected[0], "the open train is finished by its own rules")
        #expect(counted[1].axles == expected[1].axles)
        #expect(counted[1].direction == expected[1].direction)
        // v = spacing / delay: the same delays over twice the spacing.
        let ratio = counted[1].speedAverage / expected[1].speedAverage
        #expect(abs(ratio - 2) < 1e-9, "speed ratio \(ratio)")
        #expect(counter.points[0].settings.sensorSpacing == 2 * Self.spacing)
    }

    @Test func aQuietPointTakesNewSettingsAtOnceAndKeepsItsStatistics() {
        var counter = WagonCounter(defaultSettings: settings(spacing: Self.spacing))
        counter.process(first)
        counter.advance(to: first.last!.time + 300_000_000_000)
        let before = counter.points[0].statistics(of: .a)
        #expect(counter.points[0].isQuiet)
        let took = counter.adopt(settings(spacing: 0.2), forPoint: "")
        #expect(took)
        #expect(counter.points[0].statistics(of: .a) == before)
        #expect(counter.points[0].trainsStarted == 1)
    }
}
