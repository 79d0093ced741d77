import WagonJSON
import Testing
import WagonControl

/// Requests: written by hand here, read strictly, unknown keys ignored.
@Suite struct ControlRequestTests {
    @Test func requestsAreWrittenAsTheProtocolSays() {
        #expect(ControlRequest.status.json == #"{"version":1,"request":"status"}"#)
        #expect(ControlRequest.flush.json == #"{"version":1,"request":"flush"}"#)
        #expect(ControlRequest.events(since: 1_764_396_000_000_000_000, limit: 5).json
            == #"{"version":1,"request":"events","since_ns":1764396000000000000,"limit":5}"#)
        #expect(ControlRequest.events(since: nil, limit: nil).json == #"{"version":1,"request":"events"}"#)
    }

    @Test func requestsReadBackAsWritten() throws {
        for request in [ControlRequest.status, .flush, .events(since: nil, limit: nil),
                        .events(since: -5, limit: 1000), .events(since: Int64.max, limit: 1)] {
            #expect(try ControlRequest(json: request.json.utf8) == request)
        }
    }

    @Test func unknownKeysAreIgnoredForwardCompatibility() throws {
        let line = #" { "request" : "events", "verbose": true, "filter": {"point": ["east", null]}, "version": 1, "limit": 3 } "#
        #expect(try ControlRequest(json: line.utf8) == .events(since: nil, limit: 3))
        #expect(try ControlRequest(json: #"{"version":1,"request":"status","since_ns":"ignored"}"#.utf8) == .status)
    }

    @Test func nullMeansAbsentForOptionalKeys() throws {
        #expect(try ControlRequest(json: #"{"version":1,"request":"events","since_ns":null,"limit":null}"#.utf8)
            == .events(since: nil, limit: nil))
    }

    @Test func anotherProtocolVersionIsRefusedClearly() {
        let error = refusal(#"{"version":2,"request":"status"}"#)
        #expect(error?.code == .unsupportedVersion)
        #expect(error?.message == "the request speaks control protocol version 2; this side speaks version 1")
        #expect(refusal(#"{"request":"status"}"#) == ControlError(.badRequest, "the request has no protocol version"))
    }

    @Test func keysOfTheWrongTypeAreErrors() {
        #expect(refusal(#"{"version":"1","request":"status"}"#)?.message == "version must be an integer, not a string")
        #expect(refusal(#"{"version":1.0,"request":"status"}"#)?.message == "version must be an integer, not a number")
        #expect(refusal(#"{"version":1,"request":["status"]}"#)?.message == "request must be a string, not an array")
        #expect(refusal(#"{"version":1,"request":"events","limit":"5"}"#)?.message == "limit must be an integer, not a string")
        #expect(refusal(#"{"version":1,"request":"events","since_ns":1.5e18}"#)?.message
            == "since_ns must be an integer, not a number")
        #expect(refusal(#"{"version":1,"request":"events","since_ns":99999999999999999999}"#)?.code == .badRequest)
        #expect(refusal(#"{"version":1}"#)?.message == "request is missing")
        #expect(refusal(#"[1]"#)?.message == "the message must be an object, not an array")
    }

    @Test func limitsOutsideTheProtocolsRangeAreRefused() {
        #expect(refusal(#"{"version":1,"request":"events","limit":0}"#)?.message == "limit must be between 1 and 1000, not 0")
        #expect(refusal(#"{"version":1,"request":"events","limit":1001}"#)?.code == .badRequest)
    }

    @Test func unknownRequestsAreNamed() {
        #expect(refusal(#"{"version":1,"request":"reboot"}"#)
            == ControlError(.unknownRequest, "unknown request \"reboot\" (known: status, events, flush)"))
    }

    @Test func malformedJSONIsRefusedWithWhere() {
        let cases: [(String, String)] = [
            (#"{"version":1,"request":"status",}"#, "malformed JSON at byte 32: expected a string"),
            (#"{"version":1 "request":"status"}"#, "malformed JSON at byte 13: expected '}'"),
            (#"{"version":01,"request":"status"}"#, "malformed JSON at byte 12: leading zero"),
            (#"{"version":1,"request":"status"} x"#, "malformed JSON at byte 33: unexpected text after the value"),
            (#"{"version":1,"version":1,"request":"status"}"#, "malformed JSON at byte 13: duplicate key \"version\""),
            (#"{"version":1,"request":"st\u00"}"#, "malformed JSON at byte 30: expected 4 hex digits"),
            (#"{"version":1,"request":"\ud800"}"#, "malformed JSON at byte 30: lone high surrogate"),
            ("{\"version\":1,\"request\":\"a\tb\"}", "malformed JSON at byte 25: control character in a string"),
            (#"{"version":tru}"#, "malformed JSON at byte 11: unexpected character"),
            (#"{"version":1,"request":"status""#, "malformed JSON at byte 31: expected '}'"),
            ("", "malformed JSON at byte 0: unexpected end"),
            (#"// {"version":1}"#, "malformed JSON at byte 0: expected a value"),
        ]
        for (line, message) in cases {
            #expect(refusal(line) == ControlError(.badRequest, message), "\(line)")
        }
        #expect(refusal(String(repeating: "[", count: 40) + String(repeating: "]", count: 40))?.message
            == "malformed JSON at byte 32: nested deeper than 32")
        #expect(throws: ControlError(.badRequest, "malformed JSON: not valid UTF-8")) {
            try ControlRequest(json: [UInt8(ascii: "{"), 0xFF, UInt8(ascii: "}")])
        }
    }

    @Test func escapesAreDecoded() throws {
        let value = try JSONValue.parse(#"["a\"b\\c\/d\n\u00e9\ud83d\ude82", -0.5e+3, 0, true, false, null, {}]"#.utf8)
        #expect(value == .array([.string("a\"b\\c/d\né🚂"), .number("-0.5e+3"), .number("0"), .bool(true),
                                 .bool(false), .null, .object([:])]))
    }

    private func refusal(_ line: String) -> ControlError? {
        do {
            _ = try ControlRequest(json: line.utf8)
            return nil
        } catch {
            return error
        }
    }
}
