import ArgumentParser
import EventStore
import Uplink
import WagonReports

/// `wagonctl queue list`: the events waiting in the outbox, oldest first.
struct QueueList: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "list",
        abstract: "List events in the outbox, oldest first.",
        discussion: """
            Shows the oldest events, or with --after those after a seq (to page \
            on), or with --tail the newest. Event types lose their 'org.wagond.' \
            prefix in the table; --json prints each event whole.
            """)

    @OptionGroup var options: QueueStoreOptions

    @Option(name: [.customShort("n"), .long], help: ArgumentHelp(
        "Show at most this many events \(OptionRange.help(OptionRange.positive)).", valueName: "n"))
    var limit = 20

    @Option(help: ArgumentHelp("Show only events after this seq \(OptionRange.help(OptionRange.seq)).", valueName: "seq"))
    var after: Int64?

    @Flag(help: "Show the newest events instead of the oldest.")
    var tail = false

    @Flag(help: "Print one JSON object per event instead of the table.")
    var json = false

    /// Rows fetched per read when printing JSON, so a long export stays small in memory.
    static let page = 1000

    func run() async throws {
        try validateQueueLimit(limit)
        if tail, after != nil { throw reportFailure(UsageError(message: "--tail and --after cannot be combined")) }
        if let after, after < 0 { throw reportFailure(UsageError(message: "--after must be a seq, 0 or more, got \(after)")) }

        try await options.withOpenStore { store in
            if json {
                try await forEachPage(of: store) { events in try writeLines(events.map(Self.json)) }
            } else {
                var events: [StoredEvent] = []
                try await forEachPage(of: store) { events += $0 }
                try writeLines(events.isEmpty ? [after.map { "no events after seq \($0)" } ?? "the outbox is empty"]
                    : Self.table(events))
            }
        }
    }

    private func forEachPage(of store: EventStore, _ body: ([StoredEvent]) throws -> Void) async throws {
        if tail {
            try body(try await store.newestEvents(limit: limit))
            return
        }
        var cursor = after ?? 0
        var remaining = limit
        while remaining > 0 {
            let events = try await store.events(after: cursor, limit: min(remaining, Self.page))
            guard let last = events.last else { return }
            try body(events)
            cursor = last.seq
            remaining -= events.count
        }
    }

    /// The data preview takes what is left of 80 columns, but never less than 16.
    static func table(_ events: [StoredEvent]) -> [String] {
        var table = QueueTable([
            ("seq", .right), ("id", .left), ("time", .left), ("class", .left), ("type", .left),
            ("subject", .left), ("data", .left),
        ])
        for event in events {
            table.add([String(event.seq), event.id, QueueFormat.timeToTheSecond(event.time), event.eventClass.name,
                       QueueFormat.shortType(event.type), event.subject ?? "-", event.data])
        }
        let previewWidth = max(16, 80 - table.leadingWidth)
        table.rows = table.rows.map { $0.dropLast() + [QueueFormat.preview($0[$0.count - 1], width: previewWidth)] }
        return table.lines
    }

    /// CloudEvents' own attribute names, plus the store's seq and class;
    /// no `source`, which belongs to the uplink's configuration.
    static func json(_ event: StoredEvent) -> String {
        var object = JSONObjectWriter()
        object.add("seq", event.seq)
        object.add("id", event.id)
        object.add("time", RFC3339.format(nanoseconds: event.time))
        object.add("class", event.eventClass.name)
        object.add("type", event.type)
        if let subject = event.subject { object.add("subject", subject) } else { object.add("subject", raw: "null") }
        object.add("data", raw: event.data)
        return object.string
    }
}
