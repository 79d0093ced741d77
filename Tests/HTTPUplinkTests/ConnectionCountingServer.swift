import NIOCore
import NIOHTTP1
import NIOPosix
import Synchronization

/// A bare HTTP/1.1 server on 127.0.0.1 that counts the connections it
/// accepted and gives every request the same answer: for what
/// `LoopbackReceiver` does not show, how the uplink uses its connections.
final class ConnectionCountingServer: Sendable {
    struct Answer: Sendable {
        var status: HTTPResponseStatus = .ok
        /// Sends `Connection: close` and closes after the answer.
        var closes = false
        /// Body pieces, sent chunked (`Transfer-Encoding: chunked`) when not empty.
        var chunks: [String] = []
    }

    let url: String
    private let channel: any Channel
    private let accepted: Accepted

    private final class Accepted: Sendable {
        let count = Mutex(0)
    }

    /// Connections accepted so far.
    var connections: Int { accepted.count.withLock { $0 } }

    private init(channel: any Channel, port: Int, accepted: Accepted) {
        self.channel = channel
        self.url = "http://127.0.0.1:\(port)/events"
        self.accepted = accepted
    }

    static func start(answering answer: Answer) async throws -> ConnectionCountingServer {
        let accepted = Accepted()
        let channel = try await ServerBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .serverChannelOption(.socketOption(.so_reuseaddr), value: 1)
            .childChannelInitializer { channel in
                accepted.count.withLock { $0 += 1 }
                return channel.eventLoop.makeCompletedFuture {
                    try channel.pipeline.syncOperations.configureHTTPServerPipeline()
                    try channel.pipeline.syncOperations.addHandler(SameAnswerHandler(answer: answer))
                }
            }
            .bind(host: "127.0.0.1", port: 0).get()
        guard let port = channel.localAddress?.port else {
            try? await channel.close()
            throw NoPort()
        }
        return ConnectionCountingServer(channel: channel, port: port, accepted: accepted)
    }

    func stop() async throws {
        try await channel.close()
    }
}

private struct NoPort: Error {}

/// Answers each whole request with the server's one answer.
private final class SameAnswerHandler: ChannelInboundHandler {
    typealias InboundIn = HTTPServerRequestPart
    typealias OutboundOut = HTTPServerResponsePart

    private let answer: ConnectionCountingServer.Answer

    init(answer: ConnectionCountingServer.Answer) {
        self.answer = answer
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        guard case .end = unwrapInboundIn(data) else { return }
        var headers = HTTPHeaders()
        if answer.closes { headers.add(name: "Connection", value: "close") }
        if answer.chunks.isEmpty { headers.add(name: "Content-Length", value: "0") }
        let head = HTTPResponseHead(version: .http1_1, status: answer.status, headers: headers)
        context.write(wrapOutboundOut(.head(head)), promise: nil)
        for chunk in answer.chunks {
            context.writeAndFlush(wrapOutboundOut(.body(.byteBuffer(ByteBuffer(string: chunk)))), promise: nil)
        }
        let written = context.writeAndFlush(wrapOutboundOut(.end(nil)))
        if answer.closes {
            let channel = context.channel
            written.whenComplete { _ in channel.close(promise: nil) }
        }
    }
}
