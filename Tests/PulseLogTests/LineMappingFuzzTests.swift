import PulseLog
import Testing
import TestSupport
import TrainSim  // SplitMix64: the same cases on every run

/// Mutated `--map` texts never crash the parser: each either gives a
/// mapping whose own text reads back as the same mapping, or fails with an
/// error that quotes the text.
@Test func mutatedLineMappingsParseToOneThatReadsBackOrFailQuotingTheText() {
    let seeds = ["17=A,27=B", "GPIO17=east.A:active-low, GPIO27=east.B", "gpiochip0:4=A,/dev/gpiochip1:5=B:active-high",
                 "0=west.A,1=west.B,2=east.A,3=east.B"]
    let alphabet = Array("0123456789=,:./ -ABabGPIOgpiochipactive-lowhigheast".utf8) + awkwardBytes
    var random = SplitMix64(seed: 0x3A9)
    var parsed = 0, refused = 0
    for round in 0..<20_000 {
        var bytes = Array(seeds[round % seeds.count].utf8)
        mutate(&bytes, edits: 1 + Int(random.next() % 4), alphabet: alphabet, using: &random)
        let text = String(decoding: bytes, as: UTF8.self)
        do {
            let mapping = try LineMapping(parsing: text)
            parsed += 1
            #expect(!mapping.entries.isEmpty, "\(text)")
            #expect(try LineMapping(parsing: mapping.description) == mapping, "\(text) → \(mapping)")
        } catch {
            refused += 1
            #expect(error.mapping == text && "\(error)".hasPrefix("invalid line mapping '\(text)': "), "\(error)")
        }
    }
    #expect(parsed + refused == 20_000)
    #expect(parsed > 1000 && refused > 1000, "both sides: \(parsed) parsed, \(refused) refused")
}
