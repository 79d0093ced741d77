import ArgumentParser
import EventStore

/// `wagonctl queue retry`: dead letters back into the outbox, ids unchanged,
/// so a backend that took some of them after all can still deduplicate.
struct QueueRetry: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "retry",
        abstract: "Put dead letters back in the outbox, keeping their ids.",
        discussion: """
            They go to the end of the outbox with new seqs, and every registered \
            uplink delivers them again, not only the one that refused them.
            """)

    @OptionGroup var options: QueueStoreOptions

    @Option(help: ArgumentHelp("Only the dead letters this uplink refused.", valueName: "name"))
    var uplink: String?

    func run() async throws {
        let requeued = try await options.withOpenStore { try await $0.requeueDeadLetters(uplink: uplink) }
        let whose = uplink.map { " of uplink '\($0)'" } ?? ""
        try writeLines([requeued == 0 ? "no dead letters\(whose) to requeue"
            : "requeued \(requeued) dead letter\(requeued == 1 ? "" : "s")\(whose)"])
    }
}
