import HTTPUplink
import NIOHTTP1
import Uplink
import XCTest

/// How the uplink uses its connections, against a server that counts them
/// (HTTP/1.1 keeps a connection open unless an answer says `Connection: close`).
final class HTTPUplinkConnectionTests: XCTestCase {
    func testConsecutiveBatchesShareOneConnection() async throws {
        try await withCountingServer(answering: .init()) { uplink, server in
            for seq in Int64(1)...3 {
                let outcome = await uplink.deliver(makeBatch(seqs: seq...seq))
                XCTAssertEqual(outcome, .delivered)
            }
            XCTAssertEqual(server.connections, 1)
        }
    }

    func testAConnectionCloseAnswerMakesTheNextBatchOpenANewConnection() async throws {
        try await withCountingServer(answering: .init(closes: true)) { uplink, server in
            for seq in Int64(1)...3 {
                let outcome = await uplink.deliver(makeBatch(seqs: seq...seq))
                XCTAssertEqual(outcome, .delivered)
            }
            XCTAssertEqual(server.connections, 3)
        }
    }

    func testAChunkedAnswerIsReadWhole() async throws {
        let answer = ConnectionCountingServer.Answer(status: .badRequest, chunks: ["event 7-1: ", "field 'wagons' ", "is missing"])
        try await withCountingServer(answering: answer) { uplink, server in
            let outcome = await uplink.deliver(makeBatch(seqs: 1...1))
            XCTAssertEqual(outcome, .rejected(reason: "HTTP 400: event 7-1: field 'wagons' is missing"))
            // The chunked answer ended cleanly: the connection carries the next batch.
            _ = await uplink.deliver(makeBatch(seqs: 2...2))
            XCTAssertEqual(server.connections, 1)
        }
    }

    func testABodyLongerThanMaxResponseBytesEndsTheConnection() async throws {
        let answer = ConnectionCountingServer.Answer(status: .internalServerError, chunks: ["abc", "defgh", "ijk"])
        try await withCountingServer(answering: answer, { $0.maxResponseBytes = 4 }) { uplink, server in
            for _ in 1...2 {
                let reason = retryReason(await uplink.deliver(makeBatch(seqs: 1...1)), after: .some(nil))
                XCTAssertTrue(reason.hasPrefix("HTTP 500: abc"), reason)
            }
            // The rest of each body was dropped with its connection.
            XCTAssertEqual(server.connections, 2)
        }
    }
}

/// Runs `body` with a started counting server and an uplink posting to it,
/// and always shuts both down.
private func withCountingServer(
    answering answer: ConnectionCountingServer.Answer,
    _ configure: (inout HTTPUplinkConfiguration) -> Void = { _ in },
    _ body: (HTTPUplink, ConnectionCountingServer) async throws -> Void
) async throws {
    let server = try await ConnectionCountingServer.start(answering: answer)
    do {
        try await withHTTPUplink(url: server.url, configure) { try await body($0, server) }
    } catch {
        try await server.stop()
        throw error
    }
    try await server.stop()
}
