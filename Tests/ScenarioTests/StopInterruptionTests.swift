import Testing
import TrainSim
import WagonCore

/// A daemon that stops mid-train cannot know what would have come: the open
/// train is closed and flagged interrupted. A log that ends closes its last
/// train as it stands.
@Suite struct StopInterruptionTests {
    let log = Scenario(consist: consist("TE116,10xgondola"), profile: .constant(kmh: 40)).generate()

    /// The edges of the first half of the train's wheels: between two axles,
    /// no wheel on the point.
    var firstHalf: [Edge] { Array(log.edges.prefix(log.edges.count / 2 / 4 * 4)) }

    @Test func aStoppingDaemonFlagsItsOpenTrainInterrupted() {
        var counter = WagonCounter(defaultSettings: CountingPointSettings(sensorSpacing: 0.14))
        counter.process(firstHalf)
        counter.finish(interruptingOpenTrains: true)
        let reports = trains(counter.takeEvents())
        #expect(reports.count == 1)
        #expect(reports.first?.flags.contains(.interrupted) == true)
        #expect(reports.first?.axles == firstHalf.count / 4, "every complete wheel passage of the first half")
    }

    @Test func aLogThatEndsBetweenAxlesClosesItsTrainUnflagged() {
        var counter = WagonCounter(defaultSettings: CountingPointSettings(sensorSpacing: 0.14))
        counter.process(firstHalf)
        counter.finish()
        let reports = trains(counter.takeEvents())
        #expect(reports.count == 1)
        #expect(reports.first?.flags.contains(.interrupted) == false)
    }
}
