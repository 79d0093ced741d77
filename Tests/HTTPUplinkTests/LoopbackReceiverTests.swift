import HTTPUplink
import LoopbackReceiver
import Uplink
import XCTest

/// The test receiver is itself tested here: a receiver that accepted
/// anything would make every delivery test pass.
final class LoopbackReceiverTests: XCTestCase {
    private func events(_ text: String) throws -> [ReceivedEvent] {
        try CloudEventsBatchReader.events(in: Array(text.utf8))
    }

    private let minimal = #"{"specversion":"1.0","id":"1-1","source":"s","type":"t"}"#

    func testAWellFormedBatchIsReadWithRawTextKept() throws {
        let first = #"{"specversion":"1.0","id":"1-1","source":"wagond/x","type":"org.wagond.train","wagondseq":1,"#
            + #""data":{"a":[1,-2.5e3,true,false,null,{"b":"\u00e9\ud83d\ude82\n\"/"}],"c":{}}}"#
        let second = #"{ "type" : "t2", "id" : "1-2", "wagondseq" : 9223372036854775807, "source":"s","specversion":"1.0" }"#
        let read = try events(" [ \(first) ,\n\(second) ] \n")
        XCTAssertEqual(read, [
            ReceivedEvent(id: "1-1", type: "org.wagond.train", source: "wagond/x", wagondseq: 1, raw: first),
            ReceivedEvent(id: "1-2", type: "t2", source: "s", wagondseq: Int64.max, raw: second),
        ])
        XCTAssertEqual(try events("[]"), [])
    }

    func testEscapesInIdsAreDecoded() throws {
        let read = try events(#"[{"specversion":"1.0","id":"a\"b\\c\u0041","source":"s","type":"t"}]"#)
        XCTAssertEqual(read.first?.id, "a\"b\\cA")
    }

    func testMalformedBatchesAreRefused() {
        let deep = String(repeating: "[", count: 100) + String(repeating: "]", count: 100)
        let cases = [
            "", "{}", "[", "[\(minimal),]", "[\(minimal)] x", "[\(minimal)][]", "[1]", "[[]]",
            #"[{"specversion":"1.0","source":"s","type":"t"}]"#,  // no id
            #"[{"specversion":"1.0","id":7,"source":"s","type":"t"}]"#,  // id not a string
            #"[{"specversion":"1.0","id":"a","id":"b","source":"s","type":"t"}]"#,  // member twice
            #"[{"specversion":"1.0","id":"a","source":"s","type":"t","wagondseq":1.5}]"#,
            #"[{"specversion":"1.0","id":"a","source":"s","type":"t","wagondseq":99999999999999999999}]"#,
            #"[{"specversion":"1.0","id":"a","source":"s","type":"t","data":01}]"#,  // leading zero
            #"[{"specversion":"1.0","id":"a","source":"s","type":"t","data":"\ud800"}]"#,  // lone surrogate
            #"[{"specversion":"1.0","id":"a","source":"s","type":"t","data":"\x"}]"#,  // unknown escape
            "[{\"specversion\":\"1.0\",\"id\":\"a\",\"source\":\"s\",\"type\":\"t\",\"data\":\"tab\there\"}]",
            #"[{"specversion":"1.0","id":"a","source":"s","type":"t","data":tru}]"#,
            #"[{"specversion":"1.0","id":"a","source":"s","type":"t","data":[1,]}]"#,
            #"[{"specversion":"1.0","id":"a","source":"s","type":"t","data":{"k" 1}}]"#,
            #"[{"specversion":"1.0","id":"a","source":"s","type":"t","data":-}]"#,
            #"[{"specversion":"1.0","id":"a","source":"s","type":"t","data":1.}]"#,
            #"[{"specversion":"1.0","id":"a","source":"s","type":"t","data":"# + deep + "}]",
        ]
        for text in cases {
            XCTAssertThrowsError(try events(text), text)
        }
        XCTAssertThrowsError(try CloudEventsBatchReader.events(in: Array("[".utf8) + [0xC3, 0x28] + Array("]".utf8)))
    }

    func testTheSameSeedFailsTheSameRequests() async throws {
        func statuses(seed: UInt64) async throws -> [Int?] {
            var seen: [Int?] = []
            try await withUplink { uplink, receiver in
                receiver.setFailureRate(0.5, seed: seed)
                for seq in 1...20 { _ = await uplink.deliver(makeBatch(seqs: Int64(seq)...Int64(seq))) }
                seen = receiver.snapshot().requests.map(\.status)
            }
            return seen
        }
        let first = try await statuses(seed: 42)
        XCTAssertEqual(first.count, 20)
        let second = try await statuses(seed: 42)
        XCTAssertEqual(second, first)
        XCTAssertTrue(first.contains(200) && first.contains { $0 != 200 }, "\(first)")
    }

    func testFailureRateOneFailsEveryRequestAndZeroNone() async throws {
        try await withUplink { uplink, receiver in
            receiver.setFailureRate(1, seed: 1, failures: [.status(500)])
            for seq in Int64(1)...3 {
                _ = retryReason(await uplink.deliver(makeBatch(seqs: seq...seq)))
            }
            receiver.setFailureRate(0, seed: 1)
            let outcome = await uplink.deliver(makeBatch(seqs: 4...4))
            XCTAssertEqual(outcome, .delivered)
            XCTAssertEqual(receiver.snapshot().requests.map(\.status), [500, 500, 500, 200])
            XCTAssertEqual(receiver.snapshot().events.map(\.id), ["7-4"])
        }
    }

    func testTheScriptIsUsedInOrderBeforeTheFailureMode() async throws {
        try await withUplink { uplink, receiver in
            receiver.script([.status(503, retryAfter: "1"), .status(500)])
            receiver.setFailureRate(1, seed: 1, failures: [.status(502)])
            for seq in Int64(1)...3 { _ = await uplink.deliver(makeBatch(seqs: seq...seq)) }
            XCTAssertEqual(receiver.snapshot().requests.map(\.status), [503, 500, 502])
            XCTAssertEqual(receiver.pendingScript, 0)
        }
    }
}
