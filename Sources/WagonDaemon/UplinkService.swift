import EventStore
import Logging
import ServiceLifecycle
import Uplink

/// One uplink as a service: delivers from the outbox until shutdown, then
/// closes its connections. Whatever was not delivered stays in the outbox
/// for the next start. A reload hands it a new uplink (new URL, token,
/// certificates, batch policy): the old one finishes its batch and closes,
/// the new one goes on from the same cursor.
public final class UplinkService: Service {
    public let name: String
    private let first: UplinkRunner
    private let replacements: AsyncStream<UplinkRunner>
    private let replace: AsyncStream<UplinkRunner>.Continuation

    public init(runner: UplinkRunner) {
        name = runner.uplink.name
        first = runner
        (replacements, replace) = AsyncStream.makeStream(bufferingPolicy: .bufferingNewest(1))
    }

    /// Swaps in a new runner (same uplink name) at the next opportunity.
    public func replace(with runner: UplinkRunner) {
        precondition(runner.uplink.name == name, "a replacement must deliver for the same cursor")
        replace.yield(runner)
    }

    public func run() async throws {
        await cancelWhenGracefulShutdown { [first, replacements] in
            var current = first
            while true {
                let runner = current
                let next: UplinkRunner? = await withTaskGroup(of: UplinkRunner?.self) { group in
                    group.addTask { await runner.run(); return nil }
                    group.addTask {
                        for await replacement in replacements { return replacement }
                        return nil
                    }
                    let first = await group.next() ?? nil
                    group.cancelAll()
                    return first
                }
                await runner.uplink.shutdown()
                guard let next else { return }
                current = next
            }
        }
    }
}
