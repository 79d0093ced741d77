import EventStore
import Foundation
import HTTPUplink
import LoopbackReceiver
import Uplink
import XCTest

/// The HTTP uplink against a real HTTP server on loopback: what arrives, and
/// what each kind of answer (or silence) becomes.
final class HTTPUplinkTests: XCTestCase {
    func testBatchArrivesOnceInOrderGzippedWithTheBearerToken() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let tokenFile = try directory.write("token", "  s3cret-T0ken.value~\n")
        try await withUplink({ configuration, _ in configuration.bearerTokenFile = tokenFile }) { uplink, receiver in
            let outcome = await uplink.deliver(makeBatch(seqs: 1...5))
            XCTAssertEqual(outcome, .delivered)

            let seen = receiver.snapshot()
            XCTAssertEqual(seen.events.map(\.id), ["7-1", "7-2", "7-3", "7-4", "7-5"])
            XCTAssertEqual(seen.events.map(\.wagondseq), [1, 2, 3, 4, 5])
            XCTAssertEqual(Set(seen.events.map(\.type)), ["org.wagond.train"])
            XCTAssertEqual(Set(seen.events.map(\.source)), ["wagond/test-site"])
            XCTAssertEqual(seen.uniqueIDs.count, 5)
            XCTAssertEqual(seen.duplicates, 0)
            XCTAssertTrue(seen.events[2].raw.contains("\"data\":{\"wagons\":3,"), seen.events[2].raw)

            XCTAssertEqual(seen.requests.count, 1)
            let request = try XCTUnwrap(seen.requests.first)
            XCTAssertEqual(request.method, "POST")
            XCTAssertEqual(request.path, "/events")
            XCTAssertEqual(request.status, 200)
            XCTAssertEqual(request.header("Content-Encoding"), "gzip")
            XCTAssertEqual(request.header("Content-Type"), "application/cloudevents-batch+json")
            XCTAssertEqual(request.header("Authorization"), "Bearer s3cret-T0ken.value~")
            XCTAssertEqual(request.header("User-Agent"), "wagond")
        }
    }

    func testWithoutGzipOrTokenTheBodyIsPlainJSONAndNoAuthorizationIsSent() async throws {
        try await withUplink({ configuration, _ in configuration.gzip = false }) { uplink, receiver in
            let batch = makeBatch(seqs: 10...12)
            let outcome = await uplink.deliver(batch)
            XCTAssertEqual(outcome, .delivered)
            let request = try XCTUnwrap(receiver.snapshot().requests.first)
            XCTAssertNil(request.header("Content-Encoding"))
            XCTAssertNil(request.header("Authorization"))
            XCTAssertEqual(request.bodyBytes, CloudEvents.batch(batch, source: "wagond/test-site").utf8.count)
            XCTAssertEqual(receiver.snapshot().events.map(\.id), ["7-10", "7-11", "7-12"])
        }
    }

    func testEachStatusClassMapsAsDocumented() async throws {
        // docs/http-uplink.md, "Status mapping".
        let table: [(Int, String)] = [
            (200, "delivered"), (201, "delivered"), (202, "delivered"), (204, "delivered"),
            (301, "retry"), (307, "retry"),
            (400, "rejected"), (401, "rejected"), (403, "rejected"), (404, "rejected"), (413, "rejected"),
            (408, "retry"), (429, "retry"),
            (500, "retry"), (502, "retry"), (503, "retry"), (504, "retry"),
        ]
        try await withUplink { uplink, receiver in
            receiver.script(table.map { .status($0.0) })
            for (status, expected) in table {
                let outcome = await uplink.deliver(makeBatch(seqs: 1...1))
                let kind = switch outcome {
                case .delivered: "delivered"
                case .retry: "retry"
                case .rejected: "rejected"
                }
                XCTAssertEqual(kind, expected, "HTTP \(status): \(outcome)")
            }
            XCTAssertEqual(receiver.snapshot().requests.map(\.status), table.map(\.0))
        }
    }

    func testARedirectIsNotFollowedButRetried() async throws {
        try await withUplink { uplink, receiver in
            receiver.script([.status(308)])
            let reason = retryReason(await uplink.deliver(makeBatch(seqs: 1...1)), after: .some(nil))
            XCTAssertTrue(reason.hasPrefix("HTTP 308: Permanent Redirect (redirected"), reason)
            XCTAssertEqual(receiver.snapshot().requests.count, 1)
        }
    }

    func testServerErrorIsRetriedWithTheRunnersBackoff() async throws {
        try await withUplink { uplink, receiver in
            receiver.script([.status(500, body: "database down")])
            let reason = retryReason(await uplink.deliver(makeBatch(seqs: 1...2)), after: .some(nil))
            XCTAssertEqual(reason, "HTTP 500: database down")
            XCTAssertEqual(receiver.snapshot().events, [])
        }
    }

    func testUnavailableWithRetryAfterSecondsWaitsThatLong() async throws {
        try await withUplink { uplink, receiver in
            receiver.script([.status(503, retryAfter: "7")])
            let reason = retryReason(await uplink.deliver(makeBatch(seqs: 1...2)), after: .some(.seconds(7)))
            XCTAssertEqual(reason, "HTTP 503: Service Unavailable")
        }
    }

    func testTooManyRequestsWithAnHTTPDateWaitsUntilThatDate() async throws {
        // The date is written by Foundation, not by the code under test.
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "GMT")
        formatter.dateFormat = "EEE, dd MMM yyyy HH:mm:ss 'GMT'"
        let date = formatter.string(from: Date().addingTimeInterval(120))
        try await withUplink { uplink, receiver in
            receiver.script([.status(429, retryAfter: date, body: "slow down")])
            let outcome = await uplink.deliver(makeBatch(seqs: 1...2))
            guard case .retry(let after?, let reason) = outcome else {
                return XCTFail("expected retry with a wait, got \(outcome)")
            }
            // Whole seconds in the header, and a little time passes: 118 to 120 s.
            XCTAssertGreaterThanOrEqual(after, .seconds(118))
            XCTAssertLessThanOrEqual(after, .seconds(120))
            XCTAssertEqual(reason, "HTTP 429: slow down")
        }
    }

    func testBadRequestIsRejectedWithTheServersExplanation() async throws {
        try await withUplink { uplink, receiver in
            receiver.script([.status(400, body: "event 7-1: field 'wagons' must be a number")])
            let outcome = await uplink.deliver(makeBatch(seqs: 1...2))
            XCTAssertEqual(outcome, .rejected(reason: "HTTP 400: event 7-1: field 'wagons' must be a number"))
        }
    }

    func testRejectionReasonKeepsOnlyTheFirst200BytesOfALongBody() async throws {
        let body = String(repeating: "a", count: 150) + String(repeating: "b", count: 150)
        try await withUplink { uplink, receiver in
            receiver.script([.status(422, body: body)])
            let outcome = await uplink.deliver(makeBatch(seqs: 1...1))
            let expected = "HTTP 422: " + String(repeating: "a", count: 150) + String(repeating: "b", count: 50)
            XCTAssertEqual(outcome, .rejected(reason: expected))
        }
    }

    func testAnEventWithBrokenDataIsRejectedByAStrictCollector() async throws {
        var batch = makeBatch(seqs: 1...2)
        batch[1].data = "{\"wagons\":"
        try await withUplink { uplink, receiver in
            guard case .rejected(let reason) = await uplink.deliver(batch) else {
                return XCTFail("a malformed batch must be rejected")
            }
            XCTAssertTrue(reason.hasPrefix("HTTP 400: malformed JSON"), reason)
            XCTAssertEqual(receiver.snapshot().events, [])
        }
    }

    func testRequestTimeoutStatusIsRetried() async throws {
        try await withUplink { uplink, receiver in
            receiver.script([.status(408)])
            let reason = retryReason(await uplink.deliver(makeBatch(seqs: 1...1)), after: .some(nil))
            XCTAssertEqual(reason, "HTTP 408: Request Timeout")
        }
    }

    func testAServerThatNeverAnswersTimesOut() async throws {
        try await withUplink({ configuration, _ in configuration.requestTimeout = .seconds(1) }) { uplink, receiver in
            receiver.script([.hang])
            let start = ContinuousClock.now
            let reason = retryReason(await uplink.deliver(makeBatch(seqs: 1...1)), after: .some(nil))
            let waited = ContinuousClock.now - start
            XCTAssertTrue(reason.contains("timed out"), reason)
            XCTAssertTrue(reason.contains("127.0.0.1:\(receiver.port)"), reason)
            // A deadline never fires early, however busy the machine; how late
            // it may fire is the machine's business, so no upper bound.
            XCTAssertGreaterThanOrEqual(waited, .milliseconds(900))
        }
    }

    func testAConnectionClosedWithoutAnAnswerIsRetried() async throws {
        try await withUplink { uplink, receiver in
            receiver.script([.closeConnection])
            let reason = retryReason(await uplink.deliver(makeBatch(seqs: 1...1)), after: .some(nil))
            XCTAssertTrue(reason.contains("closed the connection"), reason)
            // The connection is not poisoned: the next delivery goes through.
            let outcome = await uplink.deliver(makeBatch(seqs: 1...1))
            XCTAssertEqual(outcome, .delivered)
        }
    }

    func testALostAcknowledgementLeadsToOneDuplicateDeliveryPerEvent() async throws {
        try await withUplink { uplink, receiver in
            receiver.script([.acceptThenClose])
            let batch = makeBatch(seqs: 1...3)
            _ = retryReason(await uplink.deliver(batch))
            let outcome = await uplink.deliver(batch)
            XCTAssertEqual(outcome, .delivered)
            let seen = receiver.snapshot()
            XCTAssertEqual(seen.events.map(\.id), ["7-1", "7-2", "7-3", "7-1", "7-2", "7-3"])
            XCTAssertEqual(seen.uniqueIDs, ["7-1", "7-2", "7-3"])
            XCTAssertEqual(seen.duplicates, 3)
        }
    }

    func testNothingListeningIsRetriedAsConnectionRefused() async throws {
        let receiver = try await LoopbackReceiver.start()
        let closedPort = receiver.port
        try await receiver.stop()

        let uplink = try HTTPUplink(
            configuration: HTTPUplinkConfiguration(url: "http://127.0.0.1:\(closedPort)/events", source: "wagond/test-site"))
        let outcome = await uplink.deliver(makeBatch(seqs: 1...1))
        await uplink.shutdown()
        XCTAssertEqual(retryReason(outcome, after: .some(nil)), "connection refused by 127.0.0.1:\(closedPort)")
    }
}
