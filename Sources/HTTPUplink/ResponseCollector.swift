import NIOCore
import NIOHTTP1

/// The last handler of an `HTTPConnection`: writes a `PendingRequest`,
/// collects the answer that NIOHTTP1's decoder parsed, and completes the
/// request's promise once, with the answer or with the first error, the
/// deadline or the connection's end. A connection that broke is closed and
/// stays broken; `closed` is failed with the cause so that a request written
/// after the pipeline was torn down still learns why.
final class ResponseCollector: ChannelDuplexHandler {
    typealias InboundIn = HTTPClientResponsePart
    typealias OutboundIn = PendingRequest
    typealias OutboundOut = HTTPClientRequestPart

    private enum State {
        /// No request outstanding.
        case idle
        /// A request is out; `response` is set once its head arrived.
        case waiting(EventLoopPromise<CollectedResponse>, response: CollectedResponse?, bodyBytes: Int)
        /// The connection broke or must not carry another request.
        case broken(any Error)
    }

    private let maxBodyBytes: Int
    private let closed: EventLoopPromise<Void>
    private var state = State.idle
    private var timeout: Scheduled<Void>?

    init(maxBodyBytes: Int, closed: EventLoopPromise<Void>) {
        self.maxBodyBytes = maxBodyBytes
        self.closed = closed
    }

    func write(context: ChannelHandlerContext, data: NIOAny, promise: EventLoopPromise<Void>?) {
        let request = unwrapOutboundIn(data)
        switch state {
        case .broken(let error):
            request.promise.fail(error)
            promise?.fail(error)
            return
        case .waiting:
            preconditionFailure("an HTTPConnection carries one request at a time")
        case .idle:
            state = .waiting(request.promise, response: nil, bodyBytes: 0)
        }
        timeout = context.eventLoop.assumeIsolated().scheduleTask(deadline: request.deadline) {
            self.fail(HTTPConnectionError.noAnswerInTime, context: context)
        }
        context.write(wrapOutboundOut(.head(request.head)), promise: nil)
        context.write(wrapOutboundOut(.body(.byteBuffer(request.body))), promise: nil)
        context.writeAndFlush(wrapOutboundOut(.end(nil)), promise: promise)
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        let part = unwrapInboundIn(data)
        switch state {
        case .broken:
            return
        case .idle:
            // An answer nobody asked for (a 408 before closing an idle
            // connection): the connection is out of step.
            fail(HTTPConnectionError.closedWithoutAnswer, context: context)
        case .waiting(let promise, var response, var bodyBytes):
            switch part {
            case .head(let head):
                response = CollectedResponse(
                    status: Int(head.status.code), headers: head.headers, reusable: head.isKeepAlive)
            case .body(let buffer):
                let room = ResponseOutcome.reasonBodyBytes - (response?.bodyStart.count ?? 0)
                if room > 0 { response?.bodyStart += buffer.readableBytesView.prefix(room) }
                bodyBytes += buffer.readableBytes
            case .end:
                if let response { finish(response, context: context) }
                return
            }
            state = .waiting(promise, response: response, bodyBytes: bodyBytes)
            if bodyBytes > maxBodyBytes, var response {
                // The rest of the body is dropped with the connection.
                response.reusable = false
                finish(response, context: context)
            }
        }
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        fail(error, context: context)
    }

    func channelInactive(context: ChannelHandlerContext) {
        fail(HTTPConnectionError.closedWithoutAnswer, context: context)
        context.fireChannelInactive()
    }

    func handlerRemoved(context: ChannelHandlerContext) {
        fail(HTTPConnectionError.closedWithoutAnswer, context: context)
        closed.succeed()
    }

    private func finish(_ response: CollectedResponse, context: ChannelHandlerContext) {
        guard case .waiting(let promise, _, _) = state else { return }
        timeout?.cancel()
        timeout = nil
        state = response.reusable ? .idle : .broken(HTTPConnectionError.closedWithoutAnswer)
        promise.succeed(response)
        if !response.reusable { context.close(promise: nil) }
    }

    /// Ends the connection for `error`. A status already read still counts:
    /// a body cut short does not change what the status said.
    private func fail(_ error: any Error, context: ChannelHandlerContext) {
        switch state {
        case .broken:
            return
        case .waiting(_, var response?, _):
            response.reusable = false
            finish(response, context: context)
        case .waiting(let promise, nil, _):
            timeout?.cancel()
            timeout = nil
            state = .broken(error)
            promise.fail(error)
        case .idle:
            state = .broken(error)
        }
        if case .broken(let cause) = state { closed.fail(cause) }
        context.close(promise: nil)
    }
}
