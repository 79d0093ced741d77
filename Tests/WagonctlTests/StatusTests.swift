import Foundation
import Testing

/// `wagonctl status` and `wagonctl events`, black-box: the built binary
/// against nothing, and against a canned daemon on a Unix socket that
/// records each request line and answers with a line written here by hand.
@Suite(.serialized) struct StatusTests {
    static func socketPath(_ name: String) -> String { "/tmp/wagonctl-test-\(getpid())-\(name).sock" }

    @Test func statusWithNothingListeningSaysSoAndExits69() throws {
        let path = Self.socketPath("absent")
        let run = try Wagonctl.run(["status", "--socket", path])
        #expect(run.status == 69)
        #expect(run.stdout == "")
        #expect(run.stderr == "wagonctl: cannot reach wagond at \(path): No such file or directory (is it running?)\n")
    }

    @Test func aSocketNobodyListensOnIsConnectionRefused() throws {
        let path = Self.socketPath("stale")
        try leaveStaleSocket(at: path)
        defer { unlink(path) }
        for command in ["status", "events"] {
            let run = try Wagonctl.run([command, "--socket", path])
            #expect(run.status == 69)
            #expect(run.stdout == "")
            #expect(run.stderr == "wagonctl: cannot reach wagond at \(path): Connection refused (is it running?)\n")
        }
    }

    @Test func statusPrintsOneLinePerFact() throws {
        let daemon = try CannedDaemon(path: Self.socketPath("status"), reply: Self.statusReply)
        defer { daemon.stop() }
        let run = try Wagonctl.run(["status", "--socket", daemon.path, "--utc"])
        #expect(run.stderr == "")
        #expect(run.status == 0)
        #expect(daemon.requests == [#"{"version":1,"request":"status"}"#])
        #expect(run.stdout.split(separator: "\n", omittingEmptySubsequences: false) == [
            #"wagond 0.1.0 at site "Khasan border": up 2 h, source GPIO gpiochip0, 123456 edges, 2 LOST"#,
            "point east: 14 trains today, 230 since start; a train is over the point now",
            "  detector A: ok",
            "  detector B: chattering since 2025-11-29T05:43:20Z (16 min ago) (3 problems since start)",
            "  last train: 2025-11-29T05:58:00Z (1 min ago), AB (to Khasan), 264 axles, 65 wagons, 2 locomotives, 42.5 km/h [stopped]",
            "point west: 0 trains today, 0 since start",
            "  detector A: ok",
            "  detector B: ok",
            "  last train: none since start",
            "store: /var/lib/wagond/outbox.sqlite, 1234 events waiting, 2441 KiB of 512 MiB, oldest 2025-11-28T03:20:00Z (1 d 2 h ago)",
            "  dead letters: 1; dropped at the caps: diagnostic 3, health 1",
            "uplink http: backlog 12, delivered 3456, failures 2; last success 2025-11-29T05:59:50Z (10 s ago): delivered 5 events",
            "clock: synchronised (estimated error 1200 µs, at most 30 ms)",
            "",
        ])
    }

    @Test func statusJSONIsTheDaemonsAnswerAsItCame() throws {
        // A key this wagonctl does not know passes through.
        let reply = Self.statusReply.replacingOccurrences(of: #""ready":true,"#, with: #""ready":true,"future":[1],"#)
        let daemon = try CannedDaemon(path: Self.socketPath("json"), reply: reply)
        defer { daemon.stop() }
        let run = try Wagonctl.run(["status", "--socket", daemon.path, "--json"])
        #expect(run.status == 0)
        #expect(run.stdout == reply + "\n")
    }

    @Test func eventsAsksForTheTimeGivenAndPrintsATable() throws {
        let daemon = try CannedDaemon(path: Self.socketPath("events"), reply: Self.eventsReply)
        defer { daemon.stop() }
        let run = try Wagonctl.run(["events", "--socket", daemon.path, "--since", "2025-11-29T08:00:00+02:00",
                                    "-n", "2", "--utc"])
        #expect(run.status == 0)
        #expect(daemon.requests == [#"{"version":1,"request":"events","since_ns":1764396000000000000,"limit":2}"#])
        let header = ["ended               ", "point", "dir", " axles", " vehicles", " locos", " wagons",
                      " speed km/h", " length m", "flags"].joined(separator: "  ")
        let first = ["2025-11-29T05:55:10Z", "east ", "AB ", "     8", "        2", "     1", "      1",
                     "       80.0", "     30.5", "degraded_a"].joined(separator: "  ")
        let second = ["2025-11-29T05:57:10Z", "west ", "BA ", "    24", "        6", "     1", "      5",
                      "       61.3", "     98.0", "-"].joined(separator: "  ")
        #expect(run.stdout == header + "\n" + first + "\n" + second + "\n")
        #expect(run.stderr == "wagonctl: older trains left out; raise --limit to see them\n")
    }

    @Test func sinceAcceptsRFC3339TimesAgoAndToday() throws {
        let daemon = try CannedDaemon(path: Self.socketPath("since"), reply: Self.emptyEventsReply)
        defer { daemon.stop() }
        let cases: [(String, Int64)] = [
            ("2025-11-29T06:00:00Z", 1_764_396_000_000_000_000),
            ("2025-11-29t06:00:00.5z", 1_764_396_000_500_000_000),
            ("2025-11-29 03:30:00.123456789-02:30", 1_764_396_000_123_456_789),
            ("2024-02-29T00:00:00Z", 1_709_164_800_000_000_000),
            ("1970-01-01T00:00:00Z", 0),
        ]
        for (text, nanoseconds) in cases {
            let run = try Wagonctl.run(["events", "--socket", daemon.path, "--since", text])
            #expect(run.status == 0, "\(text)")
            #expect(run.stdout == "no trains in the outbox since " + localTime(nanoseconds) + "\n", "\(text)")
            #expect(daemon.requests.last == #"{"version":1,"request":"events","since_ns":\#(nanoseconds),"limit":20}"#)
        }
        for (text, seconds) in [("90s", 90.0), ("30m", 1800), ("1h", 3600), ("2d", 172_800)] {
            let before = Date().timeIntervalSince1970
            _ = try Wagonctl.run(["events", "--socket", daemon.path, "--since", text, "--json"])
            let after = Date().timeIntervalSince1970
            let since = try #require(Self.sinceNanoseconds(daemon.requests.last))
            #expect(since >= Int64((before - seconds - 1) * 1e9) && since <= Int64((after - seconds + 1) * 1e9), "\(text)")
        }
        _ = try Wagonctl.run(["events", "--socket", daemon.path, "--since", "today"])
        let midnight = try #require(Self.sinceNanoseconds(daemon.requests.last))
        let calendar = Calendar.current
        let expected = calendar.startOfDay(for: Date()).timeIntervalSince1970
        #expect(midnight == Int64(expected) * 1_000_000_000)
    }

    @Test func badSinceAndLimitAreUsageErrors() throws {
        let path = Self.socketPath("usage")
        for bad in ["yesterday", "2025-11-29", "2025-02-29T00:00:00Z", "2025-11-29T24:00:00Z", "5w",
                    "2025-11-29T06:00:00", "2025-11-29T06:00:00+0200"] {
            let run = try Wagonctl.run(["events", "--socket", path, "--since", bad])
            #expect(run.status == 64, "\(bad)")
            #expect(run.stderr == "wagonctl: --since: expected RFC 3339 (2025-11-29T06:00:00Z), a time ago (30m, 1h, 2d) "
                + "or 'today', got '\(bad)'\n")
        }
        let limit = try Wagonctl.run(["events", "--socket", path, "--limit", "0"])
        #expect(limit.status == 64)
        #expect(limit.stderr == "wagonctl: --limit must be between 1 and 1000, got 0\n")
    }

    @Test func aDaemonOfAnotherProtocolVersionIsAProtocolError() throws {
        let daemon = try CannedDaemon(path: Self.socketPath("v2"), reply: #"{"version":2,"ok":true,"response":"status"}"#)
        defer { daemon.stop() }
        let run = try Wagonctl.run(["status", "--socket", daemon.path])
        #expect(run.status == 76)
        #expect(run.stderr == "wagonctl: wagond at \(daemon.path): wagond speaks control protocol version 2; "
            + "this side speaks version 1\n")
    }

    @Test func aRefusalIsPrintedAsTheDaemonSaidIt() throws {
        let daemon = try CannedDaemon(
            path: Self.socketPath("refused"),
            reply: #"{"version":1,"ok":false,"error_code":"unknown_request","error":"unknown request \"status\""}"#)
        defer { daemon.stop() }
        let run = try Wagonctl.run(["status", "--socket", daemon.path])
        #expect(run.status == 76)
        #expect(run.stderr == "wagonctl: wagond refused 'status': unknown request \"status\"\n")
    }

    // MARK: - Canned answers, written by hand (docs/control-protocol.md)

    static let statusReply = """
        {"version":1,"ok":true,"response":"status","site":"Khasan border","wagond_version":"0.1.0",\
        "now_ns":1764396000000000000,"started_ns":1764388800000000000,"uptime_s":7200,"source":"GPIO gpiochip0",\
        "ready":true,"edges":123456,"edges_lost":2,"points":[\
        {"name":"east","train_open":true,"trains_today":14,"trains_total":230,"axles_total":40000,\
        "last_train":{"end_ns":1764395880500000000,"direction":"AB","direction_name":"to Khasan","axles":264,\
        "wagons":65,"locomotives":2,"speed_kmh":42.5,"flags":["stopped"]},\
        "detectors":{"A":{"state":"ok","since_ns":null,"problems":0},\
        "B":{"state":"chattering","since_ns":1764395000000000000,"problems":3}}},\
        {"name":"west","train_open":false,"trains_today":0,"trains_total":0,"axles_total":0,\
        "last_train":null,"detectors":{"A":{"state":"ok","since_ns":null,"problems":0},\
        "B":{"state":"ok","since_ns":null,"problems":0}}}],\
        "store":{"path":"/var/lib/wagond/outbox.sqlite","events":1234,"bytes":2500000,"file_bytes":4100000,\
        "max_events":1000000,"max_bytes":536870912,"oldest_event_ns":1764300000000000000,"held_in_memory":0,\
        "alarm":null,"alarm_since_ns":null,"dead_letters":1,"dropped":{"diagnostic":3,"health":1}},\
        "uplinks":[{"name":"http","backlog":12,"delivered":3456,"failures":2,"last_attempt_ns":1764395990000000000,\
        "last_success_ns":1764395990000000000,"last_result":"delivered 5 events"}],\
        "clock":{"synchronised":"yes","est_error_us":1200,"max_error_us":30000,"offset_us":-15}}
        """

    static let eventsReply = """
        {"version":1,"ok":true,"response":"events","trains":[\
        {"seq":41,"id":"ab-41","point":"east","train":6,"direction":"AB","direction_name":null,"axles":8,\
        "vehicles":2,"wagons":1,"locomotives":1,"start_ns":1764395700000000000,"end_ns":1764395710000000000,\
        "speed_kmh_avg":80,"length_m":30.5,"flags":["degraded_a"]},\
        {"seq":42,"id":"ab-42","point":"west","train":7,"direction":"BA","direction_name":"to Tumen","axles":24,\
        "vehicles":6,"wagons":5,"locomotives":1,"start_ns":1764395800000000000,"end_ns":1764395830250000000,\
        "speed_kmh_avg":61.3,"length_m":98,"flags":[]}],"truncated":true}
        """

    static let emptyEventsReply = #"{"version":1,"ok":true,"response":"events","trains":[],"truncated":false}"#

    static func sinceNanoseconds(_ request: String?) -> Int64? {
        guard let request, let range = request.range(of: "\"since_ns\":") else { return nil }
        return Int64(request[range.upperBound...].prefix { $0 == "-" || $0.isNumber })
    }

    /// What wagonctl prints without --utc, from Foundation's own formatter.
    func localTime(_ nanoseconds: Int64) -> String {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.dateFormat = "yyyy-MM-dd HH:mm:ss"
        return formatter.string(from: Date(timeIntervalSince1970: TimeInterval(nanoseconds / 1_000_000_000)))
    }
}

/// A daemon stand-in: accepts connections one after another, records the
/// first line of each, answers `reply` and closes.
final class CannedDaemon: @unchecked Sendable {
    let path: String
    private let descriptor: Int32
    private let lock = NSLock()
    private var recorded: [String] = []
    private let done = DispatchSemaphore(value: 0)

    init(path: String, reply: String) throws {
        self.path = path
        unlink(path)
        descriptor = socket(AF_UNIX, Int32(SOCK_STREAM.rawValue), 0)
        guard bindUnix(descriptor, path) == 0, listen(descriptor, 8) == 0 else { throw POSIXError(.EADDRINUSE) }
        let answer = Array((reply + "\n").utf8)
        Thread { [self] in
            while true {
                let client = accept(descriptor, nil, nil)
                if client < 0 { break }
                var line: [UInt8] = []
                var byte: UInt8 = 0
                while recv(client, &byte, 1, 0) == 1, byte != UInt8(ascii: "\n") { line.append(byte) }
                lock.withLock { recorded.append(String(decoding: line, as: UTF8.self)) }
                _ = answer.withUnsafeBytes { send(client, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
                close(client)
            }
            done.signal()
        }.start()
    }

    var requests: [String] { lock.withLock { recorded } }

    func stop() {
        shutdown(descriptor, Int32(SHUT_RDWR))
        done.wait()
        close(descriptor)
        unlink(path)
    }
}

/// What a crashed daemon leaves: a socket file nobody listens on.
func leaveStaleSocket(at path: String) throws {
    unlink(path)
    let descriptor = socket(AF_UNIX, Int32(SOCK_STREAM.rawValue), 0)
    defer { close(descriptor) }
    guard bindUnix(descriptor, path) == 0 else { throw POSIXError(.EADDRINUSE) }
}

func bindUnix(_ descriptor: Int32, _ path: String) -> Int32 {
    var address = sockaddr_un()
    address.sun_family = sa_family_t(AF_UNIX)
    withUnsafeMutableBytes(of: &address.sun_path) { raw in
        for (index, byte) in path.utf8.enumerated() { raw[index] = byte }
    }
    return withUnsafePointer(to: &address) {
        $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
            bind(descriptor, $0, socklen_t(MemoryLayout<sockaddr_un>.size))
        }
    }
}
