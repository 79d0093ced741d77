import Logging
import ServiceLifecycle

/// Once everything has started (lines requested, outbox open, uplinks and
/// sockets up), gives the kernel back the code pages only start-up needed
/// (`ProcessTuning.releaseStartupCode`). Runs once; a stop before then skips it.
struct StartupCodeRelease: Service {
    /// Long enough for the services' own start-up (the first uplink attempt).
    var delay: Duration = .seconds(10)
    let logger: Logger

    func run() async throws {
        do {
            try await cancelWhenGracefulShutdown { [delay] in try await Task.sleep(for: delay) }
        } catch {
            return  // shutting down before it was time
        }
        #if canImport(Glibc)
        if let bytes = ProcessTuning.releaseStartupCode() {
            logger.debug("start-up code pages released", metadata: ["mapped_bytes": "\(bytes)"])
        }
        #endif
    }
}
