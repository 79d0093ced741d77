import NIOHTTP1

/// What came back for one request: the status, the headers, the start of
/// the body for a reason, and whether the connection can carry the next request.
struct CollectedResponse: Sendable {
    var status: Int
    var headers: HTTPHeaders
    var bodyStart: [UInt8] = []
    /// The server keeps the connection open and the whole answer was read.
    var reusable: Bool
}
