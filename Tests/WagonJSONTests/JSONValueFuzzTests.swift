import Testing
import TestSupport
import WagonJSON
import TrainSim  // SplitMix64: the same cases on every run

/// Mutated texts never crash the reader: each either parses or fails with
/// an offset inside the text. And whatever the quoter writes, the reader
/// reads back as the same string.
@Suite struct JSONValueFuzzTests {
    static let seeds = [
        #"{"version":1,"request":"events","since":1700000000000000000,"limit":50}"#,
        #"["a\"b\\c\/d\n\u00e9\ud83d\ude82", -0.5e+3, 0, true, false, null, {}, [[]]]"#,
        #"{"points":[{"name":"east","detector_a":{"state":"ok","since":null}}],"edges":12}"#,
    ]

    @Test func mutatedTextsParseOrFailWithAnOffsetInside() {
        var random = SplitMix64(seed: 0x5EED)
        var parsed = 0, refused = 0
        for round in 0..<20_000 {
            var bytes = Array(Self.seeds[round % Self.seeds.count].utf8)
            mutate(&bytes, edits: 1 + Int(random.next() % 4), alphabet: Array(#"{}[]",:"\0e-.tfn"#.utf8) + awkwardBytes,
                   using: &random)
            do {
                _ = try JSONValue.parse(bytes)
                parsed += 1
            } catch {
                refused += 1
                if let offset = error.offset {
                    #expect(offset >= 0 && offset <= bytes.count, "\(error) in \(bytes)")
                }
            }
        }
        #expect(parsed + refused == 20_000)
        #expect(refused > 0 && parsed > 0, "the mutations should hit both sides: \(parsed) parsed, \(refused) refused")
    }

    @Test func quotedStringsReadBackAsThemselves() throws {
        var random = SplitMix64(seed: 7)
        for _ in 0..<2_000 {
            var text = ""
            for _ in 0..<Int(random.next() % 12) {
                let value = UInt32(random.next() % 0x11_0000)
                if let scalar = Unicode.Scalar(value) { text.unicodeScalars.append(scalar) }
            }
            let value = try JSONValue.parse(Array(JSONText.quoted(text).utf8))
            #expect(value == .string(text))
        }
    }
}

