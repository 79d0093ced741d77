import ArgumentParser
import EventStore
import Uplink
import WagonReports

/// `wagonctl queue dead-letters`: events an uplink refused for good, oldest first.
struct QueueDeadLetters: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "dead-letters",
        abstract: "List events an uplink refused for good, oldest first.",
        discussion: "'wagonctl queue retry' puts them back in the outbox once the backend takes them.")

    @OptionGroup var options: QueueStoreOptions

    @Option(name: [.customShort("n"), .long], help: ArgumentHelp(
        "Show at most this many dead letters \(OptionRange.help(OptionRange.positive)).", valueName: "n"))
    var limit = 20

    @Flag(help: "Print one JSON object per dead letter instead of the table.")
    var json = false

    func run() async throws {
        try validateQueueLimit(limit)
        let letters = try await options.withOpenStore { try await $0.deadLetters(limit: limit) }
        if json {
            try writeLines(letters.map(Self.json))
        } else {
            try writeLines(letters.isEmpty ? ["no dead letters"] : Self.table(letters))
        }
    }

    static func table(_ letters: [DeadLetter]) -> [String] {
        var table = QueueTable([("uplink", .left), ("id", .left), ("type", .left), ("when", .left), ("reason", .left)])
        for letter in letters {
            table.add([letter.uplink, letter.event.id, QueueFormat.shortType(letter.event.type),
                       QueueFormat.timeToTheSecond(letter.at), letter.reason])
        }
        return table.lines
    }

    /// The event as `queue list --json` prints it (without a seq: it has left
    /// the outbox), with who refused it, when and why.
    static func json(_ letter: DeadLetter) -> String {
        var object = JSONObjectWriter()
        object.add("uplink", letter.uplink)
        object.add("at", RFC3339.format(nanoseconds: letter.at))
        object.add("reason", letter.reason)
        object.add("id", letter.event.id)
        object.add("time", RFC3339.format(nanoseconds: letter.event.time))
        object.add("class", letter.event.eventClass.name)
        object.add("type", letter.event.type)
        if let subject = letter.event.subject { object.add("subject", subject) } else { object.add("subject", raw: "null") }
        object.add("data", raw: letter.event.data)
        return object.string
    }
}
