import NIOCore
import NIOHTTP1

/// One request handed to `ResponseCollector`: what to send, until when an
/// answer may take, and where the answer goes.
struct PendingRequest: Sendable {
    var head: HTTPRequestHead
    var body: ByteBuffer
    var deadline: NIODeadline
    var promise: EventLoopPromise<CollectedResponse>
}
