import EventStore
import Foundation
import Logging
import XCTest

/// `wagonctl queue`, black-box: the test builds a real outbox with the store's
/// own API, closes it, runs the binary and compares what it prints with what
/// it built.
final class QueueTests: XCTestCase {
    /// Built by `buildOutbox`; every expected number below follows from it.
    struct Outbox {
        var path: String
        var epoch: String
        func id(_ seq: Int) -> String { "\(epoch)-\(seq)" }
    }

    /// Ten trains (seq 1–10, data `{"n":seq}`, one second apart from
    /// 1_700_000_000 s, which is 2023-11-14T22:13:20Z). Uplink `http` delivers
    /// 1–6. Uplink `mqtt` delivers 1–2, then its backend refuses 3–4 for
    /// good: they become dead letters and the store appends its notice as
    /// seq 11. Events 1–4 have reached both uplinks and leave, so the outbox
    /// holds 5–11 (7 events): `http` still owes 7–11 (5), `mqtt` 5–11 (7).
    func buildOutbox(limits: StoreLimits = StoreLimits()) async throws -> Outbox {
        let path = try temporaryDirectory() + "/outbox.db"
        let store = await EventStore.open(path: path, limits: limits, logger: Self.quietLogger)
        do {
            try await store.register(uplinks: ["http", "mqtt"])
            await store.append((1...10).map(Self.train))
            try await store.acknowledge(uplink: "http", through: 6, delivered: 6)
            try await store.acknowledge(uplink: "mqtt", through: 2, delivered: 2)
            let refused = try await store.batch(for: "mqtt", limit: 2)
            XCTAssertEqual(refused.map(\.seq), [3, 4], "setup: mqtt's next batch")
            try await store.deadLetter(uplink: "mqtt", events: refused, reason: Self.refusal)
        } catch {
            await store.close()
            throw error
        }
        let epoch = await store.epoch
        await store.close()
        return Outbox(path: path, epoch: epoch)
    }

    static let refusal = "HTTP 400: schema mismatch"
    static let firstTrainSecond: Int64 = 1_700_000_000

    static func train(_ seq: Int) -> NewEvent {
        NewEvent(type: "org.wagond.train", subject: "P1", time: (firstTrainSecond + Int64(seq)) * 1_000_000_000,
                 eventClass: .train, data: "{\"n\":\(seq)}")
    }

    // MARK: - Summary

    func testSummaryTableShowsTheEventsBacklogsAndDeadLettersTheTestBuilt() async throws {
        let outbox = try await buildOutbox()
        let run = try Wagonctl.run(["queue", "--store", outbox.path])
        XCTAssertEqual(run.status, 0, run.stderr)
        XCTAssertEqual(run.stderr, "")
        let lines = run.stdout.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        XCTAssertEqual(value(of: "outbox", in: lines), outbox.path)
        XCTAssertEqual(value(of: "epoch", in: lines), outbox.epoch)
        XCTAssertEqual(value(of: "events", in: lines)?.hasPrefix("7 of 1000000 "), true)
        // Seq 5 is train 5: 22:13:20 plus 5 s.
        XCTAssertEqual(value(of: "oldest", in: lines)?.hasPrefix("seq 5, "), true)
        XCTAssertEqual(value(of: "oldest", in: lines)?.hasSuffix(" old (2023-11-14T22:13:25.000Z)"), true)
        XCTAssertEqual(value(of: "newest", in: lines), "seq 11")
        XCTAssertEqual(value(of: "dropped", in: lines), "none")
        XCTAssertEqual(value(of: "dead letters", in: lines)?.hasPrefix("2 "), true)

        let header = try XCTUnwrap(lines.firstIndex { $0.hasPrefix("uplink ") })
        XCTAssertEqual(words(lines[header]).prefix(4), ["uplink", "backlog", "delivered", "failures"])
        let http = words(lines[header + 1]), mqtt = words(lines[header + 2])
        XCTAssertEqual(http.prefix(4), ["http", "5", "6", "0"])
        XCTAssertEqual(mqtt.prefix(4), ["mqtt", "7", "2", "1"])
        XCTAssertTrue(lines[header + 2].hasSuffix("rejected: " + Self.refusal), lines[header + 2])
        for line in lines where line.count > 80 {
            XCTAssertTrue(line.hasPrefix("mqtt "), "only the long refusal may run past 80 columns: \(line)")
        }
    }

    func testSummaryJSONCarriesTheSameNumbers() async throws {
        let outbox = try await buildOutbox()
        let run = try Wagonctl.run(["queue", "--json", "--store", outbox.path])
        XCTAssertEqual(run.status, 0, run.stderr)
        let objects = try Wagonctl.jsonLines(run.stdout)
        XCTAssertEqual(objects.count, 1)
        let summary = try XCTUnwrap(objects.first)
        XCTAssertEqual(summary["path"] as? String, outbox.path)
        XCTAssertEqual(summary["epoch"] as? String, outbox.epoch)
        XCTAssertEqual(summary["events"] as? Int, 7)
        XCTAssertEqual(summary["max_events"] as? Int, StoreLimits().maxEvents)
        XCTAssertEqual(summary["max_bytes"] as? Int, StoreLimits().maxBytes)
        XCTAssertEqual(summary["oldest_seq"] as? Int, 5)
        XCTAssertEqual(summary["oldest_time"] as? String, "2023-11-14T22:13:25.000Z")
        XCTAssertEqual(summary["newest_seq"] as? Int, 11)
        XCTAssertEqual(summary["held_in_memory"] as? Int, 0)
        XCTAssertTrue(summary["write_failure"] is NSNull)
        XCTAssertEqual(summary["dead_letters"] as? Int, 2)
        XCTAssertEqual(summary["dropped"] as? [String: Int], ["diagnostic": 0, "health": 0, "train": 0, "notice": 0])

        let uplinks = try XCTUnwrap(summary["uplinks"] as? [[String: Any]])
        XCTAssertEqual(uplinks.map { $0["name"] as? String }, ["http", "mqtt"])
        XCTAssertEqual(uplinks.map { $0["acked_seq"] as? Int }, [6, 4])
        XCTAssertEqual(uplinks.map { $0["backlog"] as? Int }, [5, 7])
        XCTAssertEqual(uplinks.map { $0["delivered"] as? Int }, [6, 2])
        XCTAssertEqual(uplinks.map { $0["failures"] as? Int }, [0, 1])
        XCTAssertEqual(uplinks[1]["last_result"] as? String, "rejected: " + Self.refusal)
        for uplink in uplinks {
            // Both were written a moment ago by this test.
            let attempted = try XCTUnwrap(uplink["last_attempt_age_s"] as? Int)
            XCTAssertTrue((0...600).contains(attempted), "\(attempted)")
            XCTAssertNotNil(uplink["last_success"] as? String)
        }
    }

    func testDropsAtTheCapAreCountedByClass() async throws {
        // Room for 4 events, one of them kept for the drop notice: three
        // diagnostics fit; a train then pushes out the oldest diagnostic.
        let path = try temporaryDirectory() + "/outbox.db"
        let store = await EventStore.open(path: path, limits: StoreLimits(maxEvents: 4), logger: Self.quietLogger)
        for number in 1...3 {
            await store.append(NewEvent(type: "org.wagond.sensor_check", time: Int64(number), eventClass: .diagnostic, data: "{}"))
        }
        await store.append(Self.train(4))
        await store.close()

        let text = try Wagonctl.run(["queue", "--store", path])
        XCTAssertEqual(text.status, 0, text.stderr)
        let lines = text.stdout.split(separator: "\n").map(String.init)
        XCTAssertEqual(value(of: "dropped", in: lines), "diagnostic 1")
        XCTAssertEqual(lines.last, "no uplinks have registered")
        let json = try Wagonctl.jsonLines(try Wagonctl.run(["queue", "--store", path, "--json"]).stdout)
        XCTAssertEqual(json.first?["dropped"] as? [String: Int], ["diagnostic": 1, "health": 0, "train": 0, "notice": 0])
        XCTAssertEqual(json.first?["max_events"] as? Int, 4, "the caps the store was opened with, kept in the file")
        XCTAssertEqual((json.first?["uplinks"] as? [Any])?.count, 0)
    }

    // MARK: - List

    func testListShowsTheOutboxOldestFirstWithLimitAfterAndTail() async throws {
        let outbox = try await buildOutbox()
        func seqs(_ arguments: [String]) throws -> [Int] {
            let run = try Wagonctl.run(["queue", "list", "--store", outbox.path] + arguments)
            XCTAssertEqual(run.status, 0, run.stderr)
            return try Wagonctl.jsonLines(run.stdout).map { try XCTUnwrap($0["seq"] as? Int) }
        }
        XCTAssertEqual(try seqs(["--json"]), Array(5...11))
        XCTAssertEqual(try seqs(["--json", "--limit", "3"]), [5, 6, 7])
        XCTAssertEqual(try seqs(["--json", "--after", "7", "-n", "2"]), [8, 9])
        XCTAssertEqual(try seqs(["--json", "--after", "9"]), [10, 11])
        XCTAssertEqual(try seqs(["--json", "--after", "11"]), [])
        XCTAssertEqual(try seqs(["--json", "--tail", "-n", "2"]), [10, 11])
        XCTAssertEqual(try seqs(["--json", "--tail", "-n", "50"]), Array(5...11))

        let table = try Wagonctl.run(["queue", "list", "--store", outbox.path, "-n", "3"])
        XCTAssertEqual(table.status, 0, table.stderr)
        let rows = table.stdout.split(separator: "\n").map(String.init)
        XCTAssertEqual(rows.count, 4)
        XCTAssertEqual(words(rows[0]), ["seq", "id", "time", "class", "type", "subject", "data"])
        for (row, seq) in zip(rows.dropFirst(), 5...7) {
            XCTAssertEqual(words(row), ["\(seq)", outbox.id(seq), "2023-11-14T22:13:2\(seq)Z", "train", "train", "P1",
                                        "{\"n\":\(seq)}"])
            XCTAssertLessThanOrEqual(row.count, 80)
        }
        let after = try Wagonctl.run(["queue", "list", "--store", outbox.path, "--after", "11"])
        XCTAssertEqual(after.stdout, "no events after seq 11\n")
    }

    func testListJSONIsEachEventWhole() async throws {
        let outbox = try await buildOutbox()
        let run = try Wagonctl.run(["queue", "list", "--store", outbox.path, "--json", "-n", "6"])
        XCTAssertEqual(run.status, 0, run.stderr)
        let events = try Wagonctl.jsonLines(run.stdout)
        XCTAssertEqual(events.count, 6)
        for (event, seq) in zip(events, 5...10) {
            XCTAssertEqual(event["id"] as? String, outbox.id(seq))
            XCTAssertEqual(event["type"] as? String, "org.wagond.train")
            XCTAssertEqual(event["class"] as? String, "train")
            XCTAssertEqual(event["subject"] as? String, "P1")
            XCTAssertEqual(event["time"] as? String, "2023-11-14T22:13:\(20 + seq).000Z")
            XCTAssertEqual(event["data"] as? [String: Int], ["n": seq])
        }
    }

    // MARK: - Dead letters and retry

    func testDeadLettersNameTheUplinkTheEventsAndTheReason() async throws {
        let outbox = try await buildOutbox()
        let table = try Wagonctl.run(["queue", "dead-letters", "--store", outbox.path])
        XCTAssertEqual(table.status, 0, table.stderr)
        let rows = table.stdout.split(separator: "\n").map(String.init)
        XCTAssertEqual(rows.count, 3)
        XCTAssertEqual(words(rows[0]), ["uplink", "id", "type", "when", "reason"])
        for (row, seq) in zip(rows.dropFirst(), 3...4) {
            XCTAssertEqual(words(row).prefix(3), ["mqtt", outbox.id(seq), "train"])
            XCTAssertTrue(row.hasSuffix("  " + Self.refusal), row)
        }

        let json = try Wagonctl.jsonLines(try Wagonctl.run(["queue", "dead-letters", "--json", "--store", outbox.path]).stdout)
        XCTAssertEqual(json.map { $0["id"] as? String }, [outbox.id(3), outbox.id(4)])
        XCTAssertEqual(json.map { $0["uplink"] as? String }, ["mqtt", "mqtt"])
        XCTAssertEqual(json.map { $0["reason"] as? String }, [Self.refusal, Self.refusal])
        XCTAssertEqual(json.map { $0["data"] as? [String: Int] }, [["n": 3], ["n": 4]])
        XCTAssertEqual(json.map { $0["time"] as? String }, ["2023-11-14T22:13:23.000Z", "2023-11-14T22:13:24.000Z"])

        let limited = try Wagonctl.jsonLines(try Wagonctl.run(["queue", "dead-letters", "--json", "-n", "1", "--store", outbox.path]).stdout)
        XCTAssertEqual(limited.map { $0["id"] as? String }, [outbox.id(3)])
    }

    func testRetryPutsDeadLettersBackWithTheirOriginalIds() async throws {
        let outbox = try await buildOutbox()
        let other = try Wagonctl.run(["queue", "retry", "--uplink", "http", "--store", outbox.path])
        XCTAssertEqual(other.status, 0, other.stderr)
        XCTAssertEqual(other.stdout, "no dead letters of uplink 'http' to requeue\n")

        let retry = try Wagonctl.run(["queue", "retry", "--uplink", "mqtt", "--store", outbox.path])
        XCTAssertEqual(retry.status, 0, retry.stderr)
        XCTAssertEqual(retry.stdout, "requeued 2 dead letters of uplink 'mqtt'\n")

        // New places at the end of the outbox (12, 13), the old ids and data.
        let list = try Wagonctl.run(["queue", "list", "--json", "--tail", "-n", "2", "--store", outbox.path])
        let events = try Wagonctl.jsonLines(list.stdout)
        XCTAssertEqual(events.map { $0["seq"] as? Int }, [12, 13])
        XCTAssertEqual(events.map { $0["id"] as? String }, [outbox.id(3), outbox.id(4)])
        XCTAssertEqual(events.map { $0["data"] as? [String: Int] }, [["n": 3], ["n": 4]])

        let table = try Wagonctl.run(["queue", "list", "--tail", "-n", "2", "--store", outbox.path])
        XCTAssertEqual(table.stdout.split(separator: "\n").dropFirst().map { words(String($0)).prefix(2) },
                       [["12", outbox.id(3)], ["13", outbox.id(4)]])

        let summary = try XCTUnwrap(try Wagonctl.jsonLines(try Wagonctl.run(["queue", "--json", "--store", outbox.path]).stdout).first)
        XCTAssertEqual(summary["dead_letters"] as? Int, 0)
        XCTAssertEqual(summary["events"] as? Int, 9)
        XCTAssertEqual((summary["uplinks"] as? [[String: Any]])?.map { $0["backlog"] as? Int }, [7, 9])
        let none = try Wagonctl.run(["queue", "dead-letters", "--store", outbox.path])
        XCTAssertEqual(none.stdout, "no dead letters\n")
        let again = try Wagonctl.run(["queue", "retry", "--store", outbox.path])
        XCTAssertEqual(again.stdout, "no dead letters to requeue\n")
    }

    // MARK: - Failures

    func testAMissingStoreIsMissingInputAndNamesThePath() throws {
        let path = try temporaryDirectory() + "/no-such-outbox.db"
        for subcommand in [[], ["list"], ["dead-letters"], ["retry"]] {
            let run = try Wagonctl.run(["queue"] + subcommand + ["--store", path])
            XCTAssertEqual(run.status, 66, "\(subcommand)")
            XCTAssertEqual(run.stdout, "")
            XCTAssertTrue(run.stderr.hasPrefix("wagonctl: \(path): "), run.stderr)
            XCTAssertEqual(run.stderr.split(separator: "\n").count, 1)
        }
        XCTAssertFalse(FileManager.default.fileExists(atPath: path), "a tool never creates an outbox")
    }

    func testAFileThatIsNotADatabaseIsBadDataWithSQLitesReason() throws {
        let path = try temporaryDirectory() + "/outbox.db"
        try "not a database\n".write(toFile: path, atomically: true, encoding: .utf8)
        let run = try Wagonctl.run(["queue", "list", "--store", path])
        XCTAssertEqual(run.status, 65)
        XCTAssertEqual(run.stdout, "")
        XCTAssertEqual(run.stderr, "wagonctl: \(path): not a sound SQLite database: file is not a database\n")
        XCTAssertEqual(try String(contentsOfFile: path, encoding: .utf8), "not a database\n", "a tool leaves it as it was")
    }

    func testADirectoryIsNoOutboxAndSaysSo() throws {
        let path = try temporaryDirectory()
        let run = try Wagonctl.run(["queue", "--store", path])
        XCTAssertEqual(run.status, 74)
        XCTAssertEqual(run.stderr, "wagonctl: \(path): cannot read the outbox: is a directory, not an outbox file\n")
    }

    func testALimitBelowOneIsAUsageError() async throws {
        let outbox = try await buildOutbox()
        for arguments in [["list", "--limit", "0"], ["list", "--limit=-3"], ["list", "-n", "-1"],
                          ["dead-letters", "--limit", "0"], ["list", "--after=-1"], ["list", "--tail", "--after", "3"]] {
            let run = try Wagonctl.run(["queue"] + arguments + ["--store", outbox.path])
            XCTAssertEqual(run.status, 64, "\(arguments): \(run.stderr)")
            XCTAssertEqual(run.stdout, "")
        }
        let zero = try Wagonctl.run(["queue", "list", "--limit", "0", "--store", outbox.path])
        XCTAssertEqual(zero.stderr, "wagonctl: --limit must be at least 1, got 0\n")
    }

    // MARK: - Helpers

    static let quietLogger: Logger = {
        var logger = Logger(label: "test.queue")
        logger.logLevel = .critical
        return logger
    }()

    /// A fresh directory, removed when the test ends.
    func temporaryDirectory() throws -> String {
        let path = NSTemporaryDirectory() + "wagonctl-queue-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        addTeardownBlock { try? FileManager.default.removeItem(atPath: path) }
        return path
    }

    /// The value of a `key  value` line of the summary.
    func value(of key: String, in lines: [String]) -> String? {
        guard let line = lines.first(where: { $0.hasPrefix(key + " ") }) else { return nil }
        return String(line.dropFirst(key.count).drop { $0 == " " })
    }

    func words(_ line: String) -> [String] {
        line.split(separator: " ").map(String.init)
    }
}
