import ArgumentParser
import EventStore
import WagonControl
import WagonReports

/// `wagonctl events`: recent trains, from the running daemon's outbox.
struct Events: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "List recent trains from the running wagond.",
        discussion: """
            Asks wagond over its control socket for the newest trains in its \
            outbox, oldest first. The outbox keeps a train until every uplink \
            has delivered it: with a working uplink that is the recent past, \
            during an outage all of it. TIME is RFC 3339 \
            (2025-11-29T06:00:00Z, 2025-11-29T08:00:00+02:00), a time ago \
            (90s, 30m, 1h, 2d) or 'today' (since local midnight). Exit status \
            69 when wagond does not answer.
            """)

    @OptionGroup var options: ControlSocketOptions

    @Option(help: ArgumentHelp("Only trains that ended at or after TIME.", valueName: "TIME"))
    var since: String?

    @Option(name: [.customShort("n"), .long], help: ArgumentHelp(
        "At most this many trains, the newest (1 to \(ControlProtocol.maxEventsLimit)).", valueName: "N"))
    var limit: Int = ControlProtocol.defaultEventsLimit

    func run() throws {
        guard (1...ControlProtocol.maxEventsLimit).contains(limit) else {
            printError("wagonctl: --limit must be between 1 and \(ControlProtocol.maxEventsLimit), got \(limit)")
            throw ExitCode(ExitStatus.usage)
        }
        let start = try since.map { text -> Int64 in
            guard let time = TimeText.since(text, now: WallClock.nanoseconds()) else {
                printError("wagonctl: --since: expected RFC 3339 (2025-11-29T06:00:00Z), a time ago (30m, 1h, 2d) "
                    + "or 'today', got '\(text)'")
                throw ExitCode(ExitStatus.usage)
            }
            return time
        }
        let (response, line) = try askDaemon(.events(since: start, limit: limit), socket: options.socket)
        guard case .events(let events) = response else { return }
        if options.json {
            emit(line)
            return
        }
        guard !events.trains.isEmpty else {
            emit("no trains in the outbox" + (start.map { " since " + TimeText.format($0, utc: options.utc) } ?? ""))
            return
        }
        emit(Self.header(utc: options.utc))
        for train in events.trains { emit(Self.row(train, utc: options.utc)) }
        if events.truncated {
            printError("wagonctl: older trains left out; raise --limit to see them")
        }
    }

    static func header(utc: Bool) -> String {
        columns(["ended", "point", "dir", "axles", "vehicles", "locos", "wagons", "speed km/h", "length m", "flags"],
                utc: utc)
    }

    static func row(_ train: EventsResponse.Train, utc: Bool) -> String {
        columns([
            TimeText.format(train.end, utc: utc), train.point, train.direction, String(train.axles),
            String(train.vehicles), String(train.locomotives), String(train.wagons),
            Decimal.fixed(train.speedKmhAverage, decimals: 1), Decimal.fixed(train.lengthMetres, decimals: 1),
            train.flags.isEmpty ? "-" : train.flags.joined(separator: ","),
        ], utc: utc)
    }

    /// One line of the table: the header and the rows share the widths.
    private static func columns(_ values: [String], utc: Bool) -> String {
        let widths = [utc ? 20 : 19, 5, 3, 6, 9, 6, 7, 11, 9]
        var cells: [String] = []
        for (index, value) in values.enumerated() {
            guard index < widths.count else { cells.append(value); continue }
            cells.append(TrainTable.pad(value, widths[index], right: index >= 3))
        }
        return cells.joined(separator: "  ")
    }
}
