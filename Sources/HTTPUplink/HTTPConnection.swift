import NIOCore
import NIOHTTP1
import NIOPosix
import NIOSSL

/// One HTTP/1.1 connection to the collector, through TLS for https: one
/// request at a time, each answered through its `ResponseCollector`.
struct HTTPConnection: Sendable {
    private let channel: any Channel
    /// Completed once the pipeline is gone; failed with the cause if it broke.
    private let closed: EventLoopFuture<Void>

    /// False once either side closed it: then it carries no further request.
    var isOpen: Bool { channel.isActive }

    /// Connects within `deadline`. The TLS handshake runs on after this
    /// returns; a failed handshake fails the first request.
    static func connect(
        to endpoint: Endpoint, tls: NIOSSLContext?, maxResponseBytes: Int, deadline: NIODeadline
    ) async throws -> HTTPConnection {
        let bootstrap = ClientBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .connectTimeout(deadline - .now())
            .channelOption(.socketOption(.tcp_nodelay), value: 1)
        return try await bootstrap.connect(host: endpoint.host, port: endpoint.port) { channel in
            channel.eventLoop.makeCompletedFuture {
                let pipeline = channel.pipeline.syncOperations
                if let tls {
                    try pipeline.addHandler(NIOSSLClientHandler(context: tls, serverHostname: endpoint.serverName))
                }
                try pipeline.addHTTPClientHandlers()
                let closed = channel.eventLoop.makePromise(of: Void.self)
                try pipeline.addHandler(ResponseCollector(maxBodyBytes: maxResponseBytes, closed: closed))
                return HTTPConnection(channel: channel, closed: closed.futureResult)
            }
        }
    }

    /// Sends one request and waits for the whole answer, or the deadline.
    /// Cancelling the task closes the connection.
    func send(_ head: HTTPRequestHead, body: ByteBuffer, deadline: NIODeadline) async throws -> CollectedResponse {
        let answer = channel.eventLoop.makePromise(of: CollectedResponse.self)
        let closed = self.closed
        channel.writeAndFlush(PendingRequest(head: head, body: body, deadline: deadline, promise: answer))
            .whenFailure { error in
                // A request that came after the pipeline was torn down never
                // reached the collector: fail it with why the connection broke.
                closed.whenComplete { result in
                    if case .failure(let cause) = result { answer.fail(cause) } else { answer.fail(error) }
                }
            }
        let channel = self.channel
        return try await withTaskCancellationHandler {
            try await answer.futureResult.get()
        } onCancel: {
            channel.close(promise: nil)
        }
    }

    /// Closes it without waiting: after an error or a `Connection: close`.
    func close() {
        channel.close(promise: nil)
    }

    /// Closes it and waits until it is closed.
    func shutdown() async {
        try? await channel.close()
    }
}
