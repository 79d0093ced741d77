import ArgumentParser
import PulseLog
import WagonCore
import WagonReports
#if canImport(Glibc)
import Glibc
#endif

/// `wagonctl replay`: runs recorded edges through the same core as the daemon.
struct Replay: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Count the trains in recorded pulse logs.",
        discussion: """
            Reads native pulse logs (CSV), gpiomon text output (v1 or v2) or VCD \
            files from logic analysers, gzipped or not (the recorder's .csv.gz). \
            A directory is replayed as one stream, its files in name order. '-' \
            reads standard input (uncompressed). Prints a table by \
            default; --json prints one JSON object per train, per the contract \
            in docs/DESIGN (direction, axles, vehicles, wagons, locomotives, \
            start_ns, end_ns, speed_kmh_avg, length_m, flags).
            """
    )

    @Argument(help: ArgumentHelp("Pulse log file, directory of logs, or '-' for standard input.", valueName: "file|dir"))
    var input: String

    @Flag(help: "Print one JSON object per line instead of a table.")
    var json = false

    @Flag(help: "Also print health events (spikes, silent detectors, faults).")
    var health = false

    @OptionGroup var log: LogFormatOptions

    @OptionGroup var geometry: GeometryOptions

    mutating func run() throws {
        do {
            try replay()
        } catch {
            throw reportFailure(error)
        }
    }

    private func replay() throws {
        let files = try pulseLogFiles(input)
        let (inputFormat, lineMapping) = try log.parsed()

        // A reader thread parses while this one counts.
        let pipe = ChunkPipe<EdgeChunk>(depth: 4)
        let metadata = try EdgeFileReader(files: files, mapping: lineMapping, format: inputFormat).start(into: pipe)
        var counter = WagonCounter(defaultSettings: try geometry.settings(metadata: metadata))

        var channels = ChannelTable()
        var events: [WagonEvent] = []
        var output = ReplayOutput(json: json, health: health)
        var progress = ProgressLine(verb: "replayed")
        reading: while true {
            switch pipe.take() {
            case .edges(let edges, let table):
                if table != channels {
                    channels = table
                    counter.channels = table
                }
                counter.process(edges)
                counter.takeEvents(into: &events)
                output.write(events, channels: channels)
                events.removeAll(keepingCapacity: true)
                progress.advance(by: edges.count, trains: output.trains)
            case .failure(let error):
                progress.clear()
                throw error
            case .metadata, .end:
                break reading
            }
        }
        progress.clear()
        counter.finish()
        counter.takeEvents(into: &events)
        output.write(events, channels: channels)
        output.finish(counter: counter, channels: channels)
    }
}

/// Prints replay results as they are decided.
struct ReplayOutput {
    var json: Bool
    var health: Bool
    private(set) var trains = 0
    private var axles = 0
    private var headerPrinted = false

    init(json: Bool, health: Bool) {
        self.json = json
        self.health = health
    }

    mutating func write(_ events: [WagonEvent], channels: ChannelTable) {
        for event in events {
            switch event {
            case .trainCompleted(let train):
                trains += 1
                axles += train.axles
                let name = channels.pointName(train.point)
                if json {
                    emit(train.jsonLine(pointName: name))
                } else {
                    if !headerPrinted { emit(TrainTable.header); headerPrinted = true }
                    emit(TrainTable.row(train, pointName: name))
                }
            case .health(let event) where health:
                if json {
                    emit(event.jsonLine(channels: channels))
                } else {
                    emit("health  \(channels.channelName(of: event.detector))  \(event.name)  t=\(event.time)")
                }
            default:
                break
            }
        }
    }

    func finish(counter: WagonCounter, channels: ChannelTable) {
        guard !json else { return }
        if !headerPrinted { emit("no trains") }
        emit("")
        emit("\(trains) train\(trains == 1 ? "" : "s"), \(axles) axles")
        emit("detector  pulses  mean ms  min ms  max ms  spikes  dropouts  lost  state")
        for point in counter.points {
            for side in Side.allCases {
                let stats = point.statistics(of: side)
                let name = channels.channelName(of: Detector(point: point.index, side: side))
                func ms(_ ns: Nanoseconds?) -> String { ns.map { Decimal.fixed(Double($0) / 1e6, decimals: 2) } ?? "-" }
                let state = stats.isSilent ? "silent" : (stats.isOccupied ? "occupied" : "ok")
                emit([TrainTable.pad(name, 8), TrainTable.pad(String(stats.pulses), 7, right: true),
                      TrainTable.pad(ms(stats.meanPulse), 8, right: true),
                      TrainTable.pad(ms(stats.pulses > 0 ? stats.shortestPulse : nil), 7, right: true),
                      TrainTable.pad(ms(stats.pulses > 0 ? stats.longestPulse : nil), 7, right: true),
                      TrainTable.pad(String(stats.spikes), 7, right: true),
                      TrainTable.pad(String(stats.dropouts), 9, right: true),
                      TrainTable.pad(String(stats.lostEdges), 5, right: true), " " + state].joined(separator: " "))
            }
        }
    }
}
