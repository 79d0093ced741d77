import Testing
import TestSupport
import TrainSim  // SplitMix64: the same cases on every run
import WagonControl

/// Mutated request and response lines never crash the control protocol's
/// readers (the daemon reads whatever a local client sends): each either
/// reads, and then writes back to a line that reads as the same, or fails
/// with a `ControlError`.
@Suite struct ControlProtocolFuzzTests {
    static let requests = [
        #"{"version":1,"request":"status"}"#, #"{"version":1,"request":"flush"}"#,
        #"{"version":1,"request":"events","since_ns":1764396000000000000,"limit":5}"#,
    ]
    static let responses = [
        ControlResponse.flush(FlushResponse(uplinks: ["http", "mqtt"])).json,
        ControlResponse.failure(ControlError(.busy, "try again")).json,
        #"{"version":1,"response":"events","events":[]}"#,
    ]

    @Test func mutatedRequestsReadBackOrFail() {
        let (read, refused) = fuzz(Self.requests, seed: 0x51) { bytes in
            let request = try ControlRequest(json: bytes)
            #expect(try ControlRequest(json: request.json.utf8) == request)
        }
        #expect(read > 100 && refused > 1000, "both sides: \(read) read, \(refused) refused")
    }

    @Test func mutatedResponsesReadBackOrFail() {
        let (read, refused) = fuzz(Self.responses, seed: 0x52) { bytes in
            let response = try ControlResponse(json: bytes)
            #expect(try ControlResponse(json: response.json.utf8) == response)
        }
        #expect(read > 100 && refused > 1000, "both sides: \(read) read, \(refused) refused")
    }

    /// Runs `body` on 20,000 mutations of `seeds`; counts what it read and
    /// what it refused with a `ControlError` (anything else is an issue).
    private func fuzz(_ seeds: [String], seed: UInt64, _ body: ([UInt8]) throws -> Void) -> (Int, Int) {
        let alphabet = Array(#"{}[]",:0123456789-e.truefalsnul"#.utf8) + awkwardBytes
        var random = SplitMix64(seed: seed)
        var read = 0, refused = 0
        for round in 0..<20_000 {
            var bytes = Array(seeds[round % seeds.count].utf8)
            mutate(&bytes, edits: 1 + Int(random.next() % 3), alphabet: alphabet, using: &random)
            do {
                try body(bytes)
                read += 1
            } catch is ControlError {
                refused += 1
            } catch {
                Issue.record("\(error) for \(String(decoding: bytes, as: UTF8.self))")
            }
        }
        return (read, refused)
    }
}
