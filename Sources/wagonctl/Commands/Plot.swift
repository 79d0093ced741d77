import ArgumentParser
import PulseLog
import PulsePlot
import WagonCore
import WagonReports
#if canImport(Glibc)
import Glibc
#endif

/// `wagonctl plot`: what the detectors saw around one train, or over a
/// stretch of a log, and what the core made of it.
struct Plot: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Draw a timing diagram of a pulse log: detector levels, axles, trains.",
        discussion: """
            Runs the log through the same core as replay and draws each \
            detector's level over a window, with the axles the core decided \
            (> from A to B, < back, ? direction unknown), the trains and the \
            health events. The window is a train with a second either side: \
            the first by default, the Nth with --train, or the one passing at \
            (or next after) a time with --at, such as a time wagonctl events \
            printed; or --from/--span seconds after the log's first edge. A \
            directory is read as one stream, as by replay (the recorder's \
            files). Text for the terminal by default; --svg writes an SVG \
            drawn from the exact edges, for a report.
            """
    )

    @Argument(help: ArgumentHelp("Pulse log file, directory of logs, or '-' for standard input.", valueName: "file|dir"))
    var input: String

    @Option(help: ArgumentHelp("Draw the Nth train to start in the log \(OptionRange.help(OptionRange.positive)); "
                               + "default 1.", valueName: "n"))
    var train: Int?

    @Option(help: ArgumentHelp("Draw the train passing at this time, or the next after it: local time as "
                               + "'wagonctl events' prints it (2026-11-29 15:32:05), RFC 3339 (2026-11-29T14:32:05Z), "
                               + "or t_ns as the log has it.", valueName: "time"))
    var at: String?

    @Option(help: ArgumentHelp("Draw from this many seconds after the log's first edge instead of a train "
                               + "\(OptionRange.help(OptionRange.plotFromSeconds)).", valueName: "s"))
    var from: Double?

    @Option(help: ArgumentHelp("Length of the --from window, seconds \(OptionRange.help(OptionRange.plotSpanSeconds)); "
                               + "default 10.", valueName: "s"))
    var span: Double?

    @Option(help: ArgumentHelp("Width: characters of text \(OptionRange.help(OptionRange.plotWidth)) (default: the "
                               + "terminal's, else 100), or pixels of --svg (default 1600).", valueName: "n"))
    var width: Int?

    @Option(help: ArgumentHelp("Write the diagram as SVG to this file ('-': standard output) instead of text.",
                               valueName: "file"))
    var svg: String?

    @Flag(help: "Draw with ASCII characters only (_ # = %) instead of block elements.")
    var ascii = false

    @OptionGroup var log: LogFormatOptions

    @OptionGroup var geometry: GeometryOptions

    mutating func run() throws {
        do {
            try plot()
        } catch {
            throw reportFailure(error)
        }
    }

    private func plot() throws {
        let target = try chosenTarget()
        let (inputFormat, lineMapping) = try log.parsed()
        try geometry.checkRanges()
        // The reader thread of replay parses while this one counts.
        let pipe = ChunkPipe<EdgeChunk>(depth: 4)
        let metadata = try EdgeFileReader(files: try pulseLogFiles(input), mapping: lineMapping, format: inputFormat,
                                          chunkSize: 4096).start(into: pipe)
        let counter = WagonCounter(defaultSettings: try geometry.settings(metadata: metadata))
        let (collector, channels) = try collect(from: pipe, counter: counter, target: target)
        try draw(collector, channels: channels)
    }

    /// Counts what the pipe brings until the window is known and passed.
    private func collect(from pipe: ChunkPipe<EdgeChunk>, counter: consuming WagonCounter,
                         target: PlotCollector.Target) throws -> (PlotCollector, ChannelTable) {
        var counter = counter
        var collector = PlotCollector(target: target)
        var channels = ChannelTable()
        var events: [WagonEvent] = []
        var progress = ProgressLine(verb: "read")
        defer { progress.clear() }
        while !collector.isComplete {
            switch pipe.take() {
            case .edges(let edges, let table):
                if table != channels {
                    channels = table
                    counter.channels = table
                }
                do { try collector.add(edges) } catch {
                    throw UsageError(message: "\(from == nil ? "the train" : "the window") holds more than "
                                     + "\(collector.edgeLimit) edges; draw a part of it with --from and a shorter --span")
                }
                counter.process(edges)
                progress.advance(by: edges.count, trains: collector.trainsStarted)
            case .failure(let error):
                throw error
            case .metadata, .end:
                counter.finish()
                counter.takeEvents(into: &events)
                for event in events { collector.add(event) }
                return (collector, channels)
            }
            counter.takeEvents(into: &events)
            for event in events { collector.add(event) }
            events.removeAll(keepingCapacity: true)
            collector.endChunk()
        }
        return (collector, channels)
    }

    private func chosenTarget() throws -> PlotCollector.Target {
        try requireRange("--train", train, OptionRange.positive)
        try requireRange("--from", from, OptionRange.plotFromSeconds, unit: " s")
        try requireRange("--span", span, OptionRange.plotSpanSeconds, unit: " s")
        try requireRange("--width", width, OptionRange.plotWidth)
        if svg != nil, let width, width < TimingDiagram.narrowestSVG {
            throw UsageError(message: "--width for --svg must be at least \(TimingDiagram.narrowestSVG) pixels, got \(width)")
        }
        if [train != nil, at != nil, from != nil].filter({ $0 }).count > 1 {
            throw UsageError(message: "give one of --train, --at and --from")
        }
        if span != nil && from == nil { throw UsageError(message: "--span needs --from (a train's window is the train itself)") }
        if let at {
            guard let time = Int64(at) ?? TimeText.dateTime(at), time >= 0 else {
                throw UsageError(message: "--at: expected a local time (2026-11-29 15:32:05), RFC 3339 "
                                 + "(2026-11-29T14:32:05Z) or t_ns, got '\(at)'")
            }
            return .trainAt(time)
        }
        guard let from else { return .train(train ?? 1) }
        return .time(from: Duration.seconds(from).nanoseconds, span: Duration.seconds(span ?? 10).nanoseconds)
    }

    private func draw(_ collector: PlotCollector, channels: ChannelTable) throws {
        let path = input == "-" ? "<stdin>" : input
        guard let window = collector.window else {
            switch collector.target {
            case .train(let number):
                throw UsageError(message: "\(path) holds \(collector.trainsStarted) train"
                                 + "\(collector.trainsStarted == 1 ? "" : "s"); there is no train \(number) to draw")
            case .trainAt:
                throw UsageError(message: "\(path) has no train at or after --at \(at ?? "")")
            case .time:
                throw UsageError(message: "\(path) holds no edges")
            }
        }
        if case .time = collector.target, let latest = collector.latestTime, latest < window.lowerBound {
            let length = seconds(latest - (collector.firstTime ?? latest))
            throw UsageError(message: "\(path) ends \(length) after its first edge, before --from")
        }
        var rows: [TimingDiagram.Row] = []
        for point in channels.pointNames.indices {
            for side in Side.allCases {
                let detector = Detector(point: point, side: side)
                var row = TimingDiagram.Row(detector: detector, name: channels.channelName(of: detector))
                row.initiallyOccupied = collector.levelsBefore[detector] ?? false
                rows.append(row)
            }
        }
        var diagram = TimingDiagram(window: window, rows: rows)
        for edge in collector.edges { diagram.add(edge) }
        for event in collector.events { diagram.add(event) }

        let title = heading(collector, window: window, channels: channels, path: path)
        if let svg {
            let text = String(diagram.svg(width: width ?? 1600, title: title.joined(separator: "; ")).dropLast())
            if svg == "-" {
                emit(text)
            } else {
                let file = try TextFile(creating: svg)
                try file.writeLine(text)
                try file.close()
            }
            return
        }
        let columns = width ?? terminalWidth() ?? 100
        emit(title.joined(separator: "\n"))
        for line in diagram.text(width: columns, glyphs: ascii ? .ascii : .blocks) { emit(line) }
    }

    /// What the window shows, in a line or two.
    private func heading(_ collector: PlotCollector, window: Range<Nanoseconds>, channels: ChannelTable,
                         path: String) -> [String] {
        let first = collector.firstTime ?? window.lowerBound
        let place = "\(signedSeconds(window.lowerBound - first)) to \(signedSeconds(window.upperBound - first)) "
            + "after the first edge (t_ns \(window.lowerBound) to \(window.upperBound))"
        guard let (report, ordinal) = collector.chosen else { return ["\(path): \(place)"] }
        var train = "train \(ordinal)"
        if channels.pointNames.count > 1 { train += " at \(channels.pointName(report.point))" }
        func count(_ number: Int, _ noun: String) -> String { "\(number) \(noun)\(number == 1 ? "" : "s")" }
        train += ": \(report.direction.rawValue), \(count(report.axles, "axle")), \(count(report.wagons, "wagon")), "
            + "\(count(report.locomotives, "locomotive")), \(Decimal.fixed(report.speedAverage, decimals: 1)) km/h"
        if !report.flags.names.isEmpty { train += ", " + report.flags.names.joined(separator: " ") }
        return ["\(path): \(train)", place]
    }

    /// `12.345 s`.
    private func seconds(_ nanoseconds: Nanoseconds) -> String {
        Decimal.fixed(Double(nanoseconds) / 1e9, decimals: 3) + " s"
    }

    /// `+12.345 s`, `-0.986 s`.
    private func signedSeconds(_ nanoseconds: Nanoseconds) -> String {
        (nanoseconds < 0 ? "" : "+") + seconds(nanoseconds)
    }

    private func terminalWidth() -> Int? {
        var size = winsize()
        guard ioctl(STDOUT_FILENO, UInt(TIOCGWINSZ), &size) == 0, size.ws_col >= 40 else { return nil }
        return Int(size.ws_col)
    }
}
