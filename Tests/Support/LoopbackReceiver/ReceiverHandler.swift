import NIOCore
import NIOHTTP1

/// One connection's HTTP/1.1 requests: collects each request whole, asks
/// `BatchEndpoint` what to do with it under the next scripted response,
/// records it, and answers, hangs or closes.
final class ReceiverHandler: ChannelInboundHandler {
    typealias InboundIn = HTTPServerRequestPart
    typealias OutboundOut = HTTPServerResponsePart

    /// Bodies past this are refused (413) rather than held in memory.
    static let maxBodyBytes = 32 << 20

    private let state: ReceiverState
    private var head: HTTPRequestHead?
    private var body: [UInt8] = []

    init(state: ReceiverState) {
        self.state = state
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        switch unwrapInboundIn(data) {
        case .head(let head):
            self.head = head
            body = []
        case .body(let buffer):
            if body.count <= Self.maxBodyBytes { body += buffer.readableBytesView }
        case .end:
            guard let head else { return }
            self.head = nil
            answer(head, context: context)
        }
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        // TLS handshake failures and protocol errors end the connection.
        context.close(promise: nil)
    }

    private func answer(_ head: HTTPRequestHead, context: ChannelHandlerContext) {
        var headers: [String: [String]] = [:]
        for (name, value) in head.headers { headers[name.lowercased(), default: []].append(value) }
        let tooLarge = body.count > Self.maxBodyBytes
        let request = IncomingRequest(method: head.method.rawValue, path: head.uri, headers: headers, body: body)
        body = []

        let scripted = tooLarge ? .status(413, body: "body too large") : state.nextResponse()
        let (reply, accepted) = BatchEndpoint.handle(request, as: scripted)
        var status: Int?
        if case .respond(let code, _, _) = reply { status = code }
        state.record(
            RecordedRequest(
                method: request.method, path: request.path, headers: headers, bodyBytes: request.body.count,
                status: status, acceptedEvents: 0),
            accepted: accepted)

        switch reply {
        case .respond(let code, let retryAfter, let text):
            respond(
                code, retryAfter: retryAfter, text: text, keepAlive: head.isKeepAlive, version: head.version,
                context: context)
        case .hang:
            break
        case .close:
            context.close(promise: nil)
        }
    }

    private func respond(
        _ code: Int, retryAfter: String?, text: String, keepAlive: Bool, version: HTTPVersion,
        context: ChannelHandlerContext
    ) {
        var headers = HTTPHeaders()
        headers.add(name: "Content-Type", value: "text/plain; charset=utf-8")
        headers.add(name: "Content-Length", value: String(text.utf8.count))
        if let retryAfter { headers.add(name: "Retry-After", value: retryAfter) }
        if !keepAlive { headers.add(name: "Connection", value: "close") }
        let head = HTTPResponseHead(version: version, status: HTTPResponseStatus(statusCode: code), headers: headers)
        context.write(wrapOutboundOut(.head(head)), promise: nil)
        context.write(wrapOutboundOut(.body(.byteBuffer(context.channel.allocator.buffer(string: text)))), promise: nil)
        let written = context.writeAndFlush(wrapOutboundOut(.end(nil)))
        if !keepAlive {
            let channel = context.channel
            written.whenComplete { _ in channel.close(promise: nil) }
        }
    }
}
