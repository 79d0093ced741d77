import EventStore
import Foundation
import HTTPUplink
import LoopbackReceiver
import Uplink
import XCTest

/// Events built from a few numbers, so expectations come from the same numbers.
func makeBatch(epoch: Int = 7, seqs: ClosedRange<Int64>) -> [StoredEvent] {
    seqs.map { seq in
        StoredEvent(
            seq: seq, id: "\(epoch)-\(seq)", type: "org.wagond.train", subject: "east",
            time: 1_700_000_000_000_000_000 + seq * 1_000_000_000, eventClass: .train,
            data: "{\"wagons\":\(seq),\"note\":\"caf\u{E9} \\\"quoted\\\"\"}")
    }
}

/// A fresh directory under the system's temporary directory, removed by `remove()`.
struct TemporaryDirectory {
    let path: String

    init() throws {
        path = NSTemporaryDirectory() + "wagond-http-tests-" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    }

    func file(_ name: String) -> String { path + "/" + name }

    @discardableResult
    func write(_ name: String, _ text: String) throws -> String {
        try text.write(toFile: file(name), atomically: true, encoding: .utf8)
        return file(name)
    }

    func remove() { try? FileManager.default.removeItem(atPath: path) }
}

/// Runs `body` with a started receiver and an uplink posting to it, and
/// always shuts both down (an HTTPClient left running traps in debug builds).
func withUplink(
    receiverTLS: ReceiverTLS? = nil,
    _ configure: (inout HTTPUplinkConfiguration, LoopbackReceiver) throws -> Void = { _, _ in },
    _ body: (HTTPUplink, LoopbackReceiver) async throws -> Void
) async throws {
    let receiver = try await LoopbackReceiver.start(tls: receiverTLS)
    do {
        try await withHTTPUplink(url: receiver.url, { try configure(&$0, receiver) }) { try await body($0, receiver) }
    } catch {
        try await receiver.stop()
        throw error
    }
    try await receiver.stop()
}

/// An uplink to `url`, shut down however `body` ends.
func withHTTPUplink(
    url: String,
    _ configure: (inout HTTPUplinkConfiguration) throws -> Void,
    _ body: (HTTPUplink) async throws -> Void
) async throws {
    var configuration = HTTPUplinkConfiguration(url: url, source: "wagond/test-site")
    try configure(&configuration)
    let uplink = try HTTPUplink(configuration: configuration)
    do {
        try await body(uplink)
    } catch {
        await uplink.shutdown()
        throw error
    }
    await uplink.shutdown()
}

/// The reason of a `.retry`, or a test failure.
func retryReason(
    _ outcome: DeliveryOutcome, after expected: Duration?? = .none, file: StaticString = #filePath, line: UInt = #line
) -> String {
    guard case .retry(let after, let reason) = outcome else {
        XCTFail("expected retry, got \(outcome)", file: file, line: line)
        return ""
    }
    if case .some(let expected) = expected {
        XCTAssertEqual(after, expected, "Retry-After", file: file, line: line)
    }
    return reason
}
