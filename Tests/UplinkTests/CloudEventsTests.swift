import EventStore
import Foundation
import Uplink
import XCTest

final class CloudEventsTests: XCTestCase {
    func testTimesAreRFC3339InUTCWithMilliseconds() {
        // Expected values from GNU date (date -u -d @SECONDS).
        XCTAssertEqual(RFC3339.format(nanoseconds: 0), "1970-01-01T00:00:00.000Z")
        XCTAssertEqual(RFC3339.format(nanoseconds: 1_700_000_000_123_000_000), "2023-11-14T22:13:20.123Z")
        XCTAssertEqual(RFC3339.format(nanoseconds: 951_782_400_000_000_000), "2000-02-29T00:00:00.000Z")
        XCTAssertEqual(RFC3339.format(nanoseconds: 2_147_483_648_999_000_000), "2038-01-19T03:14:08.999Z")
        XCTAssertEqual(RFC3339.format(nanoseconds: -1), "1969-12-31T23:59:59.999Z")
    }

    func testABatchIsAJSONArrayOfStructuredEventsThatFoundationCanRead() throws {
        let events = [
            StoredEvent(seq: 7, id: "00ff-7", type: "org.wagond.train", subject: "Bridge \"north\"",
                        time: 1_700_000_000_000_000_000, eventClass: .train, data: "{\"axles\":12}"),
            StoredEvent(seq: 8, id: "00ff-8", type: "org.wagond.health", subject: nil,
                        time: 1_700_000_001_000_000_000, eventClass: .health, data: "[1,2]"),
        ]
        let text = CloudEvents.batch(events, source: "wagond/site-1")
        let parsed = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(text.utf8)) as? [[String: Any]])
        XCTAssertEqual(parsed.count, 2)
        XCTAssertEqual(parsed[0]["specversion"] as? String, "1.0")
        XCTAssertEqual(parsed[0]["id"] as? String, "00ff-7")
        XCTAssertEqual(parsed[0]["source"] as? String, "wagond/site-1")
        XCTAssertEqual(parsed[0]["subject"] as? String, "Bridge \"north\"")
        XCTAssertEqual(parsed[0]["time"] as? String, "2023-11-14T22:13:20.000Z")
        XCTAssertEqual((parsed[0]["data"] as? [String: Any])?["axles"] as? Int, 12)
        XCTAssertNil(parsed[1]["subject"], "no subject key when the event has none")
        XCTAssertEqual(parsed[1]["data"] as? [Int], [1, 2])
        XCTAssertEqual(parsed[1]["wagondseq"] as? Int, 8)
    }
}

final class BackoffTests: XCTestCase {
    func testTheCeilingDoublesUpToTheCap() {
        let backoff = Backoff(base: .seconds(1), cap: .seconds(60))
        XCTAssertEqual((1...8).map { backoff.ceiling(afterFailures: $0) },
                       [1, 2, 4, 8, 16, 32, 60, 60].map { Duration.seconds($0) })
        XCTAssertEqual(backoff.ceiling(afterFailures: 10_000), .seconds(60), "no overflow after a week of failures")
    }

    func testDelaysAreSpreadOverTheWholeRange() {
        let backoff = Backoff(base: .seconds(1), cap: .seconds(8))
        var generator = SystemRandomNumberGenerator()
        let delays = (0..<4000).map { _ in backoff.delay(afterFailures: 4, using: &generator) }
        XCTAssertTrue(delays.allSatisfy { $0 >= .zero && $0 <= .seconds(8) })
        // Full jitter: uniform over [0, 8 s], so a quarter falls in each 2 s band.
        for band in 0..<4 {
            let low = Duration.seconds(band * 2), high = Duration.seconds(band * 2 + 2)
            let share = Double(delays.filter { $0 >= low && $0 < high }.count) / Double(delays.count)
            XCTAssertEqual(share, 0.25, accuracy: 0.05, "band \(band)")
        }
    }
}
