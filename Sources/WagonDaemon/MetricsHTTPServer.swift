import NIOCore
import NIOHTTP1
import NIOPosix
import Prometheus
import Synchronization

/// A tiny HTTP/1.1 server for `GET /metrics` on SwiftNIO: the listening
/// socket and its open connections, so that closing it closes them all.
final class MetricsHTTPServer: Sendable {
    let localAddress: SocketAddress
    private let channel: any Channel
    private let connections: Connections

    private init(channel: any Channel, localAddress: SocketAddress, connections: Connections) {
        self.channel = channel
        self.localAddress = localAddress
        self.connections = connections
    }

    static func bind(host: String, port: Int, registry: PrometheusCollectorRegistry) async throws -> MetricsHTTPServer {
        let connections = Connections()
        let bootstrap = ServerBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .serverChannelOption(.backlog, value: 16)
            .serverChannelOption(.socketOption(.so_reuseaddr), value: 1)
            .childChannelInitializer { channel in
                connections.opened(channel)
                channel.closeFuture.whenComplete { _ in connections.closed(channel) }
                return channel.eventLoop.makeCompletedFuture {
                    try channel.pipeline.syncOperations.configureHTTPServerPipeline(withErrorHandling: true)
                    try channel.pipeline.syncOperations.addHandler(MetricsHTTPHandler(registry: registry))
                }
            }
        let channel = try await bootstrap.bind(host: host, port: port).get()
        guard let address = channel.localAddress else {
            try? await channel.close()
            throw DaemonError(code: .configuration, message: "metrics: the socket for \(host):\(port) has no address")
        }
        return MetricsHTTPServer(channel: channel, localAddress: address, connections: connections)
    }

    /// Stops listening and closes every connection (keep-alive ones included).
    func close() async {
        try? await channel.close()
        for connection in connections.drain() {
            try? await connection.close()
        }
    }

    /// True for 127.0.0.0/8 and ::1 (IPv4-mapped loopback included).
    static func isLoopback(_ address: SocketAddress) -> Bool {
        guard let ip = address.ipAddress else { return false }
        return ip.hasPrefix("127.") || ip == "::1" || ip.hasPrefix("::ffff:127.")
    }

    /// Open connections; once drained, a late one is closed on arrival.
    private final class Connections: Sendable {
        private let state = Mutex<(open: [ObjectIdentifier: any Channel], drained: Bool)>(([:], false))

        func opened(_ channel: any Channel) {
            let late = state.withLock { state in
                if !state.drained { state.open[ObjectIdentifier(channel)] = channel }
                return state.drained
            }
            if late { channel.close(promise: nil) }
        }

        func closed(_ channel: any Channel) {
            _ = state.withLock { $0.open.removeValue(forKey: ObjectIdentifier(channel)) }
        }

        func drain() -> [any Channel] {
            state.withLock { state in
                state.drained = true
                defer { state.open.removeAll() }
                return Array(state.open.values)
            }
        }
    }
}

/// One connection's requests: `GET`/`HEAD /metrics` answers with the
/// exposition; other paths get 404, other methods on `/metrics` 405.
final class MetricsHTTPHandler: ChannelInboundHandler {
    typealias InboundIn = HTTPServerRequestPart
    typealias OutboundOut = HTTPServerResponsePart

    private let registry: PrometheusCollectorRegistry
    private var head: HTTPRequestHead?

    init(registry: PrometheusCollectorRegistry) {
        self.registry = registry
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        switch unwrapInboundIn(data) {
        case .head(let head):
            self.head = head
        case .body:
            break  // no endpoint takes a body
        case .end:
            guard let head else { return }
            self.head = nil
            respond(to: head, context: context)
        }
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        context.close(promise: nil)
    }

    private func respond(to request: HTTPRequestHead, context: ChannelHandlerContext) {
        let path = request.uri.prefix { $0 != "?" }
        var headers = HTTPHeaders()
        let status: HTTPResponseStatus
        var body: String
        if path != "/metrics" {
            status = .notFound
            body = "not found: try /metrics\n"
        } else if request.method != .GET && request.method != .HEAD {
            status = .methodNotAllowed
            headers.add(name: "Allow", value: "GET, HEAD")
            body = "method not allowed: GET /metrics\n"
        } else {
            status = .ok
            body = DaemonMetrics.exposition(registry)
        }
        headers.add(name: "Content-Type", value: status == .ok ? "text/plain; version=0.0.4; charset=utf-8"
                                                                 : "text/plain; charset=utf-8")
        headers.add(name: "Content-Length", value: String(body.utf8.count))
        if request.method == .HEAD { body = "" }
        if !request.isKeepAlive { headers.add(name: "Connection", value: "close") }

        let head = HTTPResponseHead(version: request.version, status: status, headers: headers)
        context.write(wrapOutboundOut(.head(head)), promise: nil)
        if !body.isEmpty {
            context.write(wrapOutboundOut(.body(.byteBuffer(context.channel.allocator.buffer(string: body)))),
                          promise: nil)
        }
        let written = context.writeAndFlush(wrapOutboundOut(.end(nil)))
        if !request.isKeepAlive {
            let channel = context.channel
            written.whenComplete { _ in channel.close(promise: nil) }
        }
    }
}
