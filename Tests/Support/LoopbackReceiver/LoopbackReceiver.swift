import NIOCore
import NIOHTTP1
import NIOPosix
import NIOSSL

/// A real HTTP/1.1 collector on 127.0.0.1, for tests and benchmarks: it
/// accepts CloudEvents batches (gzip or not), records what arrived, and fails
/// on demand, scripted request by request or at random at a seeded rate.
///
///     let receiver = try await LoopbackReceiver.start()
///     receiver.script([.status(503, retryAfter: "7"), .accept])
///     … post to receiver.url …
///     let seen = receiver.snapshot()
///     try await receiver.stop()
public final class LoopbackReceiver: Sendable {
    /// The failures `setFailureRate` injects unless told otherwise.
    public static let standardFailures: [ScriptedResponse] = [
        .status(500, body: "injected failure"),
        .status(503, retryAfter: "1", body: "injected unavailability"),
        .closeConnection,
    ]

    /// The port the kernel chose.
    public let port: Int
    /// Where to post batches: `http(s)://127.0.0.1:PORT/events`.
    public let url: String

    private let serverChannel: any Channel
    private let state: ReceiverState

    private init(serverChannel: any Channel, port: Int, isTLS: Bool, state: ReceiverState) {
        self.serverChannel = serverChannel
        self.port = port
        self.url = (isTLS ? "https" : "http") + "://127.0.0.1:\(port)/events"
        self.state = state
    }

    /// Listens on 127.0.0.1 at a port the kernel picks; with `tls`, HTTPS only.
    public static func start(tls: ReceiverTLS? = nil) async throws -> LoopbackReceiver {
        let sslContext = try tls?.makeContext()
        let state = ReceiverState()
        let bootstrap = ServerBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .serverChannelOption(.backlog, value: 256)
            .serverChannelOption(.socketOption(.so_reuseaddr), value: 1)
            .childChannelOption(.socketOption(.tcp_nodelay), value: 1)
            .childChannelInitializer { channel in
                state.opened(channel)
                channel.closeFuture.whenComplete { _ in state.closed(channel) }
                return channel.eventLoop.makeCompletedFuture {
                    if let sslContext {
                        try channel.pipeline.syncOperations.addHandler(NIOSSLServerHandler(context: sslContext))
                    }
                    try channel.pipeline.syncOperations.configureHTTPServerPipeline(withErrorHandling: true)
                    try channel.pipeline.syncOperations.addHandler(ReceiverHandler(state: state))
                }
            }
        let channel = try await bootstrap.bind(host: "127.0.0.1", port: 0).get()
        guard let port = channel.localAddress?.port else {
            try? await channel.close()
            throw ReceiverError(message: "the listening socket has no port")
        }
        return LoopbackReceiver(serverChannel: channel, port: port, isTLS: tls != nil, state: state)
    }

    /// Queues responses, one per request, before the failure mode applies.
    public func script(_ responses: [ScriptedResponse]) {
        state.script(responses)
    }

    /// Scripted responses not yet used.
    public var pendingScript: Int { state.pendingScript }

    /// Once the script is used up, answers each request with a failure drawn
    /// from `failures` at probability `rate` (seeded: runs repeat), else accepts.
    public func setFailureRate(
        _ rate: Double, seed: UInt64, failures: [ScriptedResponse] = LoopbackReceiver.standardFailures
    ) {
        state.setFailureRate(rate, seed: seed, failures: failures)
    }

    public func snapshot() -> ReceiverSnapshot {
        state.snapshot()
    }

    /// Stops listening and closes every connection, hanging ones included.
    public func stop() async throws {
        try await serverChannel.close()
        for connection in state.openConnections {
            try? await connection.close()
        }
    }
}

/// The receiver could not start.
public struct ReceiverError: Error, CustomStringConvertible, Sendable {
    public var message: String
    public var description: String { "loopback receiver: " + message }
}
