import ArgumentParser
import WagonControl

/// `wagonctl queue flush`: ask the running daemon to deliver now.
struct QueueFlush: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "flush",
        abstract: "Ask the running wagond to deliver its outbox now.",
        discussion: """
            Sends `flush` over the control socket: every uplink starts a new \
            attempt at once instead of waiting out its backoff (after a repaired \
            uplink, before swapping a SIM). It returns at once; follow the \
            progress with `wagonctl queue`. Exit status 69 when wagond does not answer.
            """)

    @OptionGroup var options: ControlSocketOptions

    func run() throws {
        let (response, line) = try askDaemon(.flush, socket: options.socket)
        guard case .flush(let flush) = response else { return }
        if options.json {
            emit(line)
        } else if flush.uplinks.isEmpty {
            emit("wagond has no uplinks to flush")
        } else {
            emit("asked to deliver now: " + flush.uplinks.joined(separator: ", "))
        }
    }
}
