import ArgumentParser
import GPIOInput
import WagonCore
import WagonReports
#if canImport(Glibc)
import Glibc
#endif

/// `wagonctl gpio monitor`: live edges per detector, with decoded axles and
/// trains. Edges go to standard output in gpiomon v2's default format, so a
/// capture replays (`wagonctl replay -m GPIO17=A,GPIO27=B capture.txt`);
/// axles and trains go to standard error.
struct GPIOMonitor: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "monitor",
        abstract: "Watch detector lines live: edges, axles and trains.",
        discussion: """
            Edges are printed as logical levels (active-low undone), one per line: \
            '<seconds>.<nanoseconds>\\t<rising|falling>\\t<chip> <offset> "<line name>"'. \
            Replay such a capture without ':active-low' in the mapping.
            """)

    @OptionGroup var detectors: DetectorLineOptions

    @Option(name: [.customShort("n"), .customLong("num-events")],
            help: "Exit after this many edges \(OptionRange.help(OptionRange.positive)).")
    var numEvents: Int?

    @Option(name: .customLong("idle-timeout"), help: ArgumentHelp(
        "Exit after no edge for this long, ms \(OptionRange.help(OptionRange.idleTimeoutMilliseconds)), as gpiomon.",
        valueName: "ms"))
    var idleTimeout: Double?

    @OptionGroup var geometry: GeometryOptions

    func run() throws {
        do {
            try monitor()
        } catch {
            throw reportFailure(error)
        }
    }

    private func monitor() throws {
        // Every range before the lines are requested.
        try requireRange("--num-events", numEvents, OptionRange.positive)
        try requireRange("--idle-timeout", idleTimeout, OptionRange.idleTimeoutMilliseconds, unit: " ms")
        try detectors.checkRanges()
        try geometry.checkRanges()
        let lines = try detectors.detectorLines()
        var source = try GPIOEdgeSource(chip: detectors.chip, lines: lines)
        let reader = source.reader
        for warning in reader.warnings { printError("wagonctl: warning: \(warning)") }
        // Lines found by name may each be on a chip of their own.
        var chips: [String] = []
        for name in reader.chipNames where !chips.contains(name) { chips.append(name) }
        let chipNames = chips.joined(separator: ", ")
        var counter = WagonCounter(defaultSettings: try geometry.settings(), channels: source.channels)
        var edges: [Edge] = []
        var events: [WagonEvent] = []
        var seen = 0
        var lastStatus = reader.status
        var lastEdgeAt = reader.now()
        let idleLimit = idleTimeout.map { Nanoseconds($0 * 1e6) }
        printError("wagonctl: monitoring \(lines.map { "\($0.channel)=\($0.line)" }.joined(separator: " ")) on \(chipNames)")
        while numEvents.map({ seen < $0 }) ?? true {
            if let idleLimit, reader.now() - lastEdgeAt > idleLimit { break }
            edges.removeAll(keepingCapacity: true)
            _ = try source.readEdges(into: &edges, maxCount: 1024)
            for edge in edges.prefix(numEvents.map { $0 - seen } ?? edges.count) {
                seen += 1
                let index = lines.firstIndex { source.channels.existingDetector(forChannel: $0.channel) == edge.detector } ?? 0
                // Unbuffered: a line as soon as the edge is read, also into a file.
                emitNow(Self.gpiomonLine(edge, chip: reader.chipNames[index], offset: reader.offsets[index],
                                         name: lines[index].line))
                counter.process(edge)
            }
            counter.advance(to: source.safeTime)
            // The reader gives the promise the core waits for as soon as it is due.
            source.wantPromise(upTo: counter.nextDeadline)
            counter.takeEvents(into: &events)
            for event in events { Self.describe(event, channels: source.channels) }
            events.removeAll(keepingCapacity: true)
            if !edges.isEmpty { lastEdgeAt = reader.now() }
            lastStatus = Self.reportChanges(from: lastStatus, to: reader.status, chip: chipNames)
            if edges.isEmpty { usleep(2_000) }
        }
        reader.stop()
        // -n reached: settle what the last edges started and close the train.
        counter.finish()
        counter.takeEvents(into: &events)
        for event in events { Self.describe(event, channels: source.channels) }
        let status = reader.status
        printError("wagonctl: \(status.edgesRead) edges read; lost \(status.edgesLostInKernel) in the kernel, "
                   + "\(status.edgesLostInRing) in the ring; \(status.resynchronisations) level re-reads changed a line")
    }

    /// Says on standard error when the chip goes away or comes back, and
    /// when edges were lost.
    static func reportChanges(from old: GPIOReaderStatus, to new: GPIOReaderStatus, chip: String) -> GPIOReaderStatus {
        if old.chipPresent && !new.chipPresent {
            printError("wagonctl: \(chip) went away; waiting for it to come back")
        }
        if new.reattachments > old.reattachments {
            printError("wagonctl: \(chip) is back; lines requested again")
        }
        let lost = (new.edgesLostInKernel - old.edgesLostInKernel) + (new.edgesLostInRing - old.edgesLostInRing)
        if lost > 0 { printError("wagonctl: \(lost) edge\(lost == 1 ? "" : "s") lost") }
        return new
    }

    static func gpiomonLine(_ edge: Edge, chip: String, offset: Int, name: LineSelector) -> String {
        let fraction = String(edge.time % 1_000_000_000)
        let label = if case .name(let name) = name { " \"\(name)\"" } else { "" }
        return "\(edge.time / 1_000_000_000).\(String(repeating: "0", count: 9 - fraction.count))\(fraction)\t"
            + "\(edge.occupied ? "rising" : "falling")\t\(chip) \(offset)\(label)"
    }

    static func describe(_ event: WagonEvent, channels: ChannelTable) {
        switch event {
        case .axle(let axle):
            printError("axle   \(channels.pointName(axle.point))  \(axle.direction?.rawValue ?? "??")  "
                       + "\(Decimal.fixed(axle.speed * 3.6, decimals: 1)) km/h")
        case .trainCompleted(let train):
            printError("train  " + TrainTable.row(train, pointName: channels.pointName(train.point)))
        case .health(let health):
            printError("health \(channels.channelName(of: health.detector))  \(health.name)")
        case .trainStarted:
            break
        }
    }
}
