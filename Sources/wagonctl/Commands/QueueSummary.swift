import ArgumentParser
import EventStore
import Uplink
import WagonReports

/// `wagonctl queue`: how full the outbox is and how far each uplink got.
struct QueueSummary: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "summary",
        abstract: "Show how full the outbox is and how far each uplink got.")

    @OptionGroup var options: QueueStoreOptions

    @Flag(help: "Print one JSON object instead of the table.")
    var json = false

    func run() async throws {
        let stats = try await options.withOpenStore { await $0.stats() }
        let now = WallClock.nanoseconds()
        try writeLines(json ? [Self.json(stats, now: now)] : Self.text(stats, now: now))
    }

    static func text(_ stats: StoreStats, now: Int64) -> [String] {
        func line(_ key: String, _ value: String) -> String { TrainTable.pad(key, 14) + value }
        let caps = stats.limits
        var lines = [
            line("outbox", stats.path),
            line("epoch", stats.epoch),
            // The caps the daemon last started with (kept in the file).
            line("events", QueueFormat.share(String(stats.events), of: String(caps.maxEvents),
                                             ratio: Double(stats.events) / Double(caps.maxEvents))),
            line("bytes", QueueFormat.share(QueueFormat.bytes(stats.bytes), of: QueueFormat.bytes(caps.maxBytes),
                                            ratio: Double(stats.bytes) / Double(caps.maxBytes))),
            line("file", QueueFormat.bytes(stats.fileBytes) + " with its WAL"),
        ]
        if let seq = stats.oldestSeq, let time = stats.oldestTime {
            lines.append(line("oldest", "seq \(seq), \(QueueFormat.age(now - time)) old (\(RFC3339.format(nanoseconds: time)))"))
        } else {
            lines.append(line("oldest", "none, the outbox is empty"))
        }
        lines.append(line("newest", "seq \(stats.newestSeq)"))
        if stats.heldInMemory > 0 {
            lines.append(line("in memory", "\(stats.heldInMemory) events the disk has not taken"))
        }
        if let failure = stats.writeFailure {
            let since = stats.writeFailureSince.map { " for \(QueueFormat.age(now - $0))" } ?? ""
            lines.append(line("WRITES FAIL", failure + since))
        }
        let drops = EventClass.allCases.compactMap { eventClass in
            stats.dropped[eventClass].flatMap { $0 > 0 ? "\(eventClass.name) \($0)" : nil }
        }
        lines.append(line("dropped", drops.isEmpty ? "none" : drops.joined(separator: ", ")))
        lines.append(line("dead letters", stats.deadLetters == 0 ? "none"
            : "\(stats.deadLetters) (wagonctl queue dead-letters)"))
        lines.append("")
        lines += uplinkTable(stats.uplinks, now: now)
        return lines
    }

    static func uplinkTable(_ uplinks: [UplinkState], now: Int64) -> [String] {
        guard !uplinks.isEmpty else { return ["no uplinks have registered"] }
        var table = QueueTable([
            ("uplink", .left), ("backlog", .right), ("delivered", .right), ("failures", .right),
            // Short headers keep the usual "delivered 50 events" inside 80 columns.
            ("attempted", .left), ("succeeded", .left), ("last result", .left),
        ])
        for uplink in uplinks {
            table.add([
                uplink.name, String(uplink.backlog), String(uplink.delivered), String(uplink.failures),
                uplink.lastAttempt.map { QueueFormat.age(now - $0) } ?? "never",
                uplink.lastSuccess.map { QueueFormat.age(now - $0) } ?? "never",
                uplink.lastResult ?? "-",
            ])
        }
        return table.lines
    }

    /// The shape is documented in docs/queue.md; keys only ever get added.
    static func json(_ stats: StoreStats, now: Int64) -> String {
        var object = JSONObjectWriter()
        object.add("now", RFC3339.format(nanoseconds: now))
        object.add("path", stats.path)
        object.add("epoch", stats.epoch)
        object.add("events", stats.events)
        object.add("max_events", stats.limits.maxEvents)
        object.add("bytes", stats.bytes)
        object.add("max_bytes", stats.limits.maxBytes)
        object.add("file_bytes", stats.fileBytes)
        addOptional(&object, "oldest_seq", stats.oldestSeq)
        addTime(&object, "oldest_time", stats.oldestTime, age: "oldest_age_s", now: now)
        object.add("newest_seq", stats.newestSeq)
        object.add("held_in_memory", stats.heldInMemory)
        if let reason = stats.writeFailure {
            var failure = JSONObjectWriter()
            failure.add("reason", reason)
            addTime(&failure, "since", stats.writeFailureSince, age: "age_s", now: now)
            object.add("write_failure", raw: failure.string)
        } else {
            object.add("write_failure", raw: "null")
        }
        var dropped = JSONObjectWriter()
        for eventClass in EventClass.allCases { dropped.add(eventClass.name, stats.dropped[eventClass] ?? 0) }
        object.add("dropped", raw: dropped.string)
        object.add("dead_letters", stats.deadLetters)
        object.add("uplinks", raw: "[" + stats.uplinks.map { uplinkJSON($0, now: now) }.joined(separator: ",") + "]")
        return object.string
    }

    static func uplinkJSON(_ uplink: UplinkState, now: Int64) -> String {
        var object = JSONObjectWriter()
        object.add("name", uplink.name)
        object.add("acked_seq", uplink.ackedSeq)
        object.add("backlog", uplink.backlog)
        object.add("delivered", uplink.delivered)
        object.add("failures", uplink.failures)
        addTime(&object, "last_attempt", uplink.lastAttempt, age: "last_attempt_age_s", now: now)
        addTime(&object, "last_success", uplink.lastSuccess, age: "last_success_age_s", now: now)
        if let result = uplink.lastResult { object.add("last_result", result) } else { object.add("last_result", raw: "null") }
        return object.string
    }

    /// A time as RFC 3339 and its age in whole seconds, both null when there is none.
    private static func addTime(_ object: inout JSONObjectWriter, _ name: String, _ time: Int64?, age: String, now: Int64) {
        if let time {
            object.add(name, RFC3339.format(nanoseconds: time))
            object.add(age, QueueFormat.ageSeconds(time, now: now))
        } else {
            object.add(name, raw: "null")
            object.add(age, raw: "null")
        }
    }

    private static func addOptional(_ object: inout JSONObjectWriter, _ name: String, _ value: Int64?) {
        if let value { object.add(name, value) } else { object.add(name, raw: "null") }
    }
}
