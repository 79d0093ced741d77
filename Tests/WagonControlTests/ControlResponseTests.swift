import Testing
import WagonControl

/// Responses: the JSON below is written by hand from docs/control-protocol.md,
/// not copied from what the code printed.
@Suite struct ControlResponseTests {
    static let status = StatusResponse(
        site: "Khasan border", daemonVersion: "0.1.0", now: 1_764_396_000_000_000_000,
        started: 1_764_388_800_000_000_000, uptimeSeconds: 7200, source: "GPIO gpiochip0", ready: true,
        edges: 123_456, edgesLost: 2,
        points: [
            .init(name: "east", detectorB: .init(state: "chattering", since: 1_764_395_000_000_000_000, problems: 3),
                  lastTrain: .init(end: 1_764_395_880_500_000_000, direction: "AB", directionName: "to Khasan",
                                   axles: 264, wagons: 65, locomotives: 2, speedKmh: 42.5, flags: ["stopped"]),
                  trainsToday: 14, trainsTotal: 230, axlesTotal: 40_000, trainOpen: true),
            .init(name: "west \"siding\""),
        ],
        store: .init(path: "/var/lib/wagond/outbox.sqlite", events: 1234, bytes: 2_500_000, fileBytes: 4_100_000,
                     maxEvents: 1_000_000, maxBytes: 536_870_912, oldestEvent: 1_764_300_000_000_000_000,
                     deadLetters: 1, dropped: ["health": 1, "diagnostic": 3]),
        uplinks: [.init(name: "http", backlog: 12, delivered: 3456, failures: 2,
                        lastAttempt: 1_764_395_990_000_000_000, lastSuccess: 1_764_395_990_000_000_000,
                        lastResult: "delivered 5 events")],
        clock: .init(synchronised: .yes, estimatedErrorMicroseconds: 1200, maxErrorMicroseconds: 30_000,
                     offsetMicroseconds: -15))

    static let statusJSON = """
        {"version":1,"ok":true,"response":"status","site":"Khasan border","wagond_version":"0.1.0",\
        "now_ns":1764396000000000000,"started_ns":1764388800000000000,"uptime_s":7200,"source":"GPIO gpiochip0",\
        "ready":true,"edges":123456,"edges_lost":2,"points":[\
        {"name":"east","train_open":true,"trains_today":14,"trains_total":230,"axles_total":40000,\
        "last_train":{"end_ns":1764395880500000000,"direction":"AB","direction_name":"to Khasan","axles":264,\
        "wagons":65,"locomotives":2,"speed_kmh":42.5,"flags":["stopped"]},\
        "detectors":{"A":{"state":"ok","since_ns":null,"problems":0},\
        "B":{"state":"chattering","since_ns":1764395000000000000,"problems":3}}},\
        {"name":"west \\"siding\\"","train_open":false,"trains_today":0,"trains_total":0,"axles_total":0,\
        "last_train":null,"detectors":{"A":{"state":"ok","since_ns":null,"problems":0},\
        "B":{"state":"ok","since_ns":null,"problems":0}}}],\
        "store":{"path":"/var/lib/wagond/outbox.sqlite","events":1234,"bytes":2500000,"file_bytes":4100000,\
        "max_events":1000000,"max_bytes":536870912,"oldest_event_ns":1764300000000000000,"held_in_memory":0,\
        "alarm":null,"alarm_since_ns":null,"dead_letters":1,"dropped":{"diagnostic":3,"health":1}},\
        "uplinks":[{"name":"http","backlog":12,"delivered":3456,"failures":2,"last_attempt_ns":1764395990000000000,\
        "last_success_ns":1764395990000000000,"last_result":"delivered 5 events"}],\
        "clock":{"synchronised":"yes","est_error_us":1200,"max_error_us":30000,"offset_us":-15}}
        """

    @Test func statusIsWrittenAsTheProtocolSays() {
        #expect(ControlResponse.status(Self.status).json == Self.statusJSON)
    }

    @Test func statusReadsBackAsWritten() throws {
        #expect(try ControlResponse(json: Self.statusJSON.utf8) == .status(Self.status))
        var other = Self.status
        other.points[0].lastTrain?.speedKmh = 42
        other.points[0].lastTrain?.directionName = nil
        other.store.alarm = "disk full\nreally"
        other.store.alarmSince = 5
        other.clock = .unknown
        other.uplinks = []
        #expect(try ControlResponse(json: ControlResponse.status(other).json.utf8) == .status(other))
    }

    @Test func aNewerDaemonsExtraKeysAndMissingOptionalsAreFine() throws {
        let line = """
            {"version":1,"ok":true,"response":"status","site":"s","wagond_version":"9.0","now_ns":2,"started_ns":1,\
            "uptime_s":0,"source":"x","ready":false,"edges":0,"edges_lost":0,"load":[0.5,{"a":null}],\
            "points":[{"name":"p","train_open":false,"trains_today":0,"trains_total":0,"axles_total":0,"colour":"red",\
            "detectors":{"A":{"state":"ok","problems":0,"temperature_c":21.5},"B":{"state":"ok","problems":0},"C":{}}}],\
            "store":{"path":"/o","events":0,"bytes":0,"file_bytes":0,"max_events":1,"max_bytes":1,"held_in_memory":0,\
            "dead_letters":0,"encrypted":true},\
            "uplinks":[],"clock":{"synchronised":"pps-locked","leap":"none"}}
            """
        let expected = StatusResponse(
            site: "s", daemonVersion: "9.0", now: 2, started: 1, uptimeSeconds: 0, source: "x", ready: false,
            edges: 0, edgesLost: 0, points: [.init(name: "p")],
            store: .init(path: "/o", maxEvents: 1, maxBytes: 1), uplinks: [], clock: .unknown)
        #expect(try ControlResponse(json: line.utf8) == .status(expected))
    }

    @Test func aKeyOfTheWrongTypeDeepInsideIsNamedByItsPath() {
        let line = Self.statusJSON.replacingFirst(#""problems":3"#, with: #""problems":"3""#)
        #expect(throws: ControlError(.badResponse,
                                     "unreadable answer from wagond: points[0].detectors.B.problems must be an integer, not a string")) {
            try ControlResponse(json: line.utf8)
        }
        let missing = Self.statusJSON.replacingFirst(#""axles":264,"#, with: "")
        #expect(throws: ControlError(.badResponse, "unreadable answer from wagond: points[0].last_train.axles is missing")) {
            try ControlResponse(json: missing.utf8)
        }
    }

    @Test func aDaemonOfAnotherProtocolVersionIsNamedAsSuch() {
        #expect(throws: ControlError(.unsupportedVersion,
                                     "wagond speaks control protocol version 2; this side speaks version 1")) {
            try ControlResponse(json: #"{"version":2,"ok":true,"response":"status","everything":"different"}"#.utf8)
        }
    }

    @Test func failuresCarryTheirCodeAndMessage() throws {
        let failure = ControlResponse.failure(ControlError(.notSupported, "flush is \"not\" wired"))
        #expect(failure.json == #"{"version":1,"ok":false,"error_code":"not_supported","error":"flush is \"not\" wired"}"#)
        #expect(try ControlResponse(json: failure.json.utf8) == failure)
        // A code this client does not know yet is kept as it came.
        #expect(try ControlResponse(json: #"{"version":1,"ok":false,"error_code":"on_fire","error":"hot"}"#.utf8)
            == .failure(ControlError(ControlError.Code(rawValue: "on_fire"), "hot")))
        #expect(try ControlResponse(json: #"{"version":1,"ok":false}"#.utf8)
            == .failure(ControlError(.failed, "wagond refused the request without saying why")))
    }

    @Test func flushNamesTheUplinksAskedToDeliver() throws {
        let flush = ControlResponse.flush(FlushResponse(uplinks: ["http", "mqtt"]))
        #expect(flush.json == #"{"version":1,"ok":true,"response":"flush","uplinks":["http","mqtt"]}"#)
        #expect(try ControlResponse(json: flush.json.utf8) == flush)
    }

    @Test func unreadableAnswersAreBadResponses() {
        #expect(throws: ControlError(.badResponse, "unreadable answer from wagond: malformed JSON at byte 0: unexpected end")) {
            try ControlResponse(json: "".utf8)
        }
        #expect(throws: ControlError(.badResponse, "unknown response \"reboot\"")) {
            try ControlResponse(json: #"{"version":1,"ok":true,"response":"reboot"}"#.utf8)
        }
        #expect(throws: ControlError(.badResponse, "unreadable answer from wagond: ok must be true or false, not a number")) {
            try ControlResponse(json: #"{"version":1,"ok":1}"#.utf8)
        }
    }
}

extension String {
    /// The text with the first occurrence of `target` replaced (no Foundation needed).
    func replacingFirst(_ target: String, with replacement: String) -> String {
        let characters = Array(self), pattern = Array(target)
        guard !pattern.isEmpty, characters.count >= pattern.count else { return self }
        for start in 0...(characters.count - pattern.count) where Array(characters[start..<start + pattern.count]) == pattern {
            return String(characters[..<start]) + replacement + String(characters[(start + pattern.count)...])
        }
        return self
    }
}
