import ArgumentParser
import GPIOInput
import WagonCore
import WagonReports
#if canImport(Glibc)
import Glibc
#endif

/// `wagonctl sensor-test`: a guided check of one counting point.
struct SensorTest: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "sensor-test",
        abstract: "Check a counting point: move a metal plate over A, then B.",
        discussion: """
            Prints each pass with both pulse widths, the overlap of the two \
            detectors and the direction the core decoded, then what is wrong, \
            if anything. Exit status 0 when every pass was clean, 1 otherwise.
            """)

    @OptionGroup var detectors: DetectorLineOptions

    @Option(help: "How many passes to ask for \(OptionRange.help(OptionRange.passes)).")
    var passes: Int = 3

    @Option(help: ArgumentHelp("Give up after this long, seconds \(OptionRange.help(OptionRange.testTimeoutSeconds)).",
                               valueName: "s"))
    var timeout: Double = 120

    @OptionGroup var geometry: GeometryOptions

    func run() throws {
        let clean: Bool
        do {
            clean = try test()
        } catch {
            throw reportFailure(error)
        }
        if !clean { throw ExitCode(1) }
    }

    private func test() throws -> Bool {
        // Every range before the lines are requested.
        try requireRange("--passes", passes, OptionRange.passes)
        try requireRange("--timeout", timeout, OptionRange.testTimeoutSeconds, unit: " s")
        try detectors.checkRanges()
        try geometry.checkRanges()
        let lines = try detectors.detectorLines()
        var source = try GPIOEdgeSource(chip: detectors.chip, lines: lines)
        let reader = source.reader
        defer { reader.stop() }
        for warning in reader.warnings { printError("wagonctl: warning: \(warning)") }

        // Short idle times: a plate moved by hand is not a train.
        var settings = try geometry.settings()
        settings.closing = TrainClosingSettings(idleDistance: 1, minimumIdle: 2_000_000_000, maximumIdle: 10_000_000_000)
        var counter = WagonCounter(defaultSettings: settings, channels: source.channels)
        var check = SensorCheck()
        var edges: [Edge] = []
        var events: [WagonEvent] = []
        emit("Move a metal plate over detector A, then over B, and away: \(passes) times, about a second each.")
        let deadline = reader.now() + Nanoseconds(timeout * 1e9)
        var reported = 0
        while check.passes.count < passes, reader.now() < deadline {
            edges.removeAll(keepingCapacity: true)
            _ = try source.readEdges(into: &edges, maxCount: 256)
            for edge in edges {
                check.observe(edge)
                counter.process(edge)
            }
            counter.advance(to: source.safeTime)
            source.wantPromise(upTo: counter.nextDeadline)
            counter.takeEvents(into: &events)
            for event in events { check.observe(event) }
            events.removeAll(keepingCapacity: true)
            while reported < check.passes.count {
                emit(Self.describe(check.passes[reported], number: reported + 1))
                reported += 1
            }
            if edges.isEmpty { usleep(5_000) }
        }
        let problems = check.verdict(passesWanted: passes)
        if problems.isEmpty {
            emit("OK: \(check.passes.count) clean passes from A to B.")
        } else {
            for problem in problems { emit("problem: \(problem)") }
        }
        return problems.isEmpty
    }

    static func describe(_ pass: SensorCheck.Pass, number: Int) -> String {
        func ms(_ ns: Nanoseconds?) -> String { ns.map { Decimal.fixed(Double($0) / 1e6, decimals: 1) + " ms" } ?? "-" }
        let overlap = pass.overlap.map { $0 >= 0 ? "overlap " + ms($0) : "gap " + ms(-$0) } ?? "overlap -"
        return "pass \(number): \(pass.direction?.rawValue ?? "no direction")  A \(ms(pass.pulseA))  B \(ms(pass.pulseB))  "
            + "\(overlap)  A→B \(ms(pass.delay))"
    }
}
