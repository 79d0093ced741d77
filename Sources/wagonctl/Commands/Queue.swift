import ArgumentParser

/// `wagonctl queue`: the durable outbox, read straight from its SQLite file.
struct Queue: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Inspect and manage the outbox of events waiting for the uplinks.",
        discussion: """
            Reads the outbox file directly, so it works whether or not wagond \
            runs. Without a subcommand, prints the summary. JSON output is \
            described in docs/queue.md.
            """,
        subcommands: [QueueSummary.self, QueueList.self, QueueDeadLetters.self, QueueRetry.self, QueueFlush.self],
        defaultSubcommand: QueueSummary.self
    )
}
