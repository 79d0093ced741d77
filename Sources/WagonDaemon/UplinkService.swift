import EventStore
import Logging
import ServiceLifecycle
import Uplink

/// One uplink as a service: delivers from the outbox until shutdown, then
/// closes its connections. Whatever was not delivered stays in the outbox
/// for the next start.
public struct UplinkService: Service {
    public let runner: UplinkRunner

    public init(runner: UplinkRunner) {
        self.runner = runner
    }

    public func run() async throws {
        await cancelWhenGracefulShutdown {
            await runner.run()
        }
        await runner.uplink.shutdown()
    }
}
