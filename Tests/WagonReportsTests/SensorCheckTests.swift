import Testing
import WagonCore
import WagonReports

/// The sensor test's verdicts, from hand-made plate movements.
@Suite struct SensorCheckTests {
    /// Runs edges through a counter and the check together, as the command does.
    func check(_ edges: [Edge]) -> SensorCheck {
        var counter = WagonCounter()
        var check = SensorCheck()
        for edge in edges {
            check.observe(edge)
            counter.process(edge)
            for event in counter.takeEvents() { check.observe(event) }
        }
        counter.finish()
        for event in counter.takeEvents() { check.observe(event) }
        return check
    }

    /// A plate moved over `first` then the other detector at time `start` ms:
    /// 200 ms over each, 100 ms of overlap.
    func pass(at start: Double, first: Side = .a) -> [Edge] {
        let ms: (Double) -> Nanoseconds = { Nanoseconds($0 * 1_000_000) }
        return [Edge(time: ms(start), first, occupied: true), Edge(time: ms(start + 100), first.other, occupied: true),
                Edge(time: ms(start + 200), first, occupied: false), Edge(time: ms(start + 300), first.other, occupied: false)]
    }

    @Test func threeCleanPassesFromAToBFindNothingWrong() {
        let result = check(pass(at: 0) + pass(at: 2000) + pass(at: 4000))
        #expect(result.passes.count == 3)
        #expect(result.passes.allSatisfy { $0.direction == .ab })
        #expect(result.passes.first?.pulseA == 200_000_000)
        #expect(result.passes.first?.pulseB == 200_000_000)
        #expect(result.passes.first?.overlap == 100_000_000)
        #expect(result.passes.first?.delay == 100_000_000)
        #expect(result.verdict(passesWanted: 3).isEmpty)
    }

    @Test func passesSeenFromBToASayTheDetectorsAreSwapped() {
        let result = check(pass(at: 0, first: .b) + pass(at: 2000, first: .b))
        #expect(result.verdict(passesWanted: 2).contains { $0.contains("swapped") })
    }

    @Test func aDeadDetectorIsNamed() {
        // Only A sees the plate, ten times.
        let edges = (0..<10).flatMap { i in
            [Edge(time: Nanoseconds(i) * 1_000_000_000, .a, occupied: true),
             Edge(time: Nanoseconds(i) * 1_000_000_000 + 200_000_000, .a, occupied: false)]
        }
        let verdict = check(edges).verdict(passesWanted: 3)
        #expect(verdict.contains { $0.hasPrefix("detector B stayed silent") })
    }

    @Test func aPlateThatNeverReachesBIsAnUnfinishedPass() {
        let edges = [Edge(time: 0, .a, occupied: true), Edge(time: 100_000_000, .b, occupied: true),
                     Edge(time: 200_000_000, .b, occupied: false), Edge(time: 300_000_000, .a, occupied: false)]
        let verdict = check(edges).verdict(passesWanted: 1)
        #expect(verdict.contains { $0.hasPrefix("no complete pass") })
        #expect(verdict.contains { $0.hasPrefix("1 pass was started but not finished") })
    }
}
