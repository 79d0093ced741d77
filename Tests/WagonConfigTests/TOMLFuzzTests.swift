import Testing
@testable import WagonConfig
import TrainSim  // SplitMix64: the same mutations on every run

/// What a mutation inserts: TOML's delimiters, escapes, and values at their limits.
private let junk: [[UInt8]] = [
    "\"", "'", "\"\"\"", "'''", "[", "[[", "]", "]]", "{", "}", "=", ".", ",", "#", "\\", "\\u", "\\U0010FFFF",
    "\\uD800", "\n", "\r", "\r\n", "\t", " ", "\u{0}", "\u{7F}", "0x", "0o", "0b", "_", "e", "inf", "nan", "+", "-",
    "1979-05-27T", "07:32:00", "Z", "9223372036854775808", "-9223372036854775808", "1e400", "true", "false",
    "é", "\u{FEFF}", "a.b.c", "[point]", "[[point]]", "point = 1", "= \"x\"", "\"\" = 1", "x = {y = [1, {z = 2}]}",
].map { Array($0.utf8) } + [[0xFF], [0xC3], [0xED, 0xA0, 0x80], [0xF4, 0x90, 0x80, 0x80]]

/// One random change: byte flips, truncation, inserted tokens, CR/LF
/// changes, duplicated or dropped stretches.
private func mutate(_ input: [UInt8], using random: inout SplitMix64) -> [UInt8] {
    var bytes = input
    for _ in 0..<Int.random(in: 1...4, using: &random) {
        let at = bytes.isEmpty ? 0 : Int.random(in: 0..<bytes.count, using: &random)
        switch Int.random(in: 0..<8, using: &random) {
        case 0 where !bytes.isEmpty: bytes[at] ^= UInt8(1) << UInt8.random(in: 0..<8, using: &random)
        case 1 where !bytes.isEmpty: bytes[at] = UInt8.random(in: 0...255, using: &random)
        case 2: bytes.removeLast(Int.random(in: 0...min(bytes.count, 200), using: &random))
        case 3, 4: bytes.insert(contentsOf: junk.randomElement(using: &random)!, at: at)
        case 5: bytes = bytes.flatMap { $0 == 0x0A && Int.random(in: 0..<16, using: &random) == 0 ? [0x0D, 0x0A] : [$0] }
        case 6 where !bytes.isEmpty:
            let end = Swift.min(bytes.count, at + Int.random(in: 1...60, using: &random))
            bytes.insert(contentsOf: bytes[at..<end], at: at)
        case 7 where !bytes.isEmpty:
            bytes.removeSubrange(at..<Swift.min(bytes.count, at + Int.random(in: 1...20, using: &random)))
        default: break
        }
    }
    return bytes
}

/// Every error names the file it is about and a line that exists in it.
private func checkErrors(_ errors: ConfigErrors, lines: [String: Int], input: [UInt8]) {
    #expect(!errors.isEmpty)
    for error in errors {
        guard let count = lines[error.path] else {
            Issue.record("error about an unexpected file: \(error) for \(quote(input))")
            continue
        }
        #expect(error.line >= 1 && error.line <= count, "\(error) for \(quote(input))")
        #expect(!error.message.isEmpty)
        #expect(error.description.hasPrefix("\(error.path):\(error.line): "))
    }
}

private func lineCount(_ bytes: [UInt8]) -> Int { bytes.count(where: { $0 == 0x0A }) + 1 }

private func quote(_ bytes: [UInt8]) -> String {
    String(decoding: bytes, as: UTF8.self).debugDescription
}

@Suite struct TOMLFuzzTests {
    /// 20,000 mutated TOML documents through the parser, then 3,000 mutated
    /// site files and board profiles through their schemas: each gives a value
    /// or errors with a real line, never a trap or a hang. Seeds are small, so
    /// that the debug build runs them in seconds.
    @Test func randomMutationsParseOrFailWithFileAndLine() throws {
        var random = SplitMix64(seed: 0x70_4D1)
        var parsed = 0, rejected = 0
        let seeds = validCases.map { Array($0.toml.utf8) }.filter { $0.count < 2000 }
        for number in 0..<20_000 {
            let text = mutate(seeds[number % seeds.count], using: &random)
            do {
                _ = render(try TOMLDocument(parsing: text, path: "fuzz.toml"))
                parsed += 1
            } catch {
                checkErrors(error, lines: ["fuzz.toml": lineCount(text)], input: text)
                rejected += 1
            }
        }
        #expect(parsed + rejected == 20_000)
        // Both outcomes are exercised, not just one.
        #expect(parsed > 2000 && rejected > 5000, "parsed \(parsed), rejected \(rejected)")
    }

    @Test func randomMutationsOfASiteFileAndAProfileDecodeOrFailWithFileAndLine() throws {
        let example = withoutComments(try #require(exampleBytes()))
        let profilePath = "/usr/share/wagond/boards/raspberry-pi-4.toml"
        guard case .contents(let shipped) = ConfigFile.read(boardsDirectory + "/raspberry-pi-4.toml") else {
            Issue.record("no profile")
            return
        }
        let profile = withoutComments(shipped)
        var random = SplitMix64(seed: 0x51_7E)
        var decoded = 0, rejected = 0
        for _ in 0..<1500 {
            // The site file, decoded in full against the real profile.
            let site = mutate(example, using: &random)
            let files: @Sendable (String) -> FileRead = { $0 == profilePath ? .contents(profile) : .missing }
            do {
                let configuration = try SiteConfiguration(parsing: site, path: "fuzz.toml", options: .init(readFile: files))
                #expect(!configuration.points.isEmpty)
                decoded += 1
            } catch {
                checkErrors(error, lines: ["fuzz.toml": lineCount(site), profilePath: lineCount(profile)], input: site)
                rejected += 1
            }

            let board = mutate(profile, using: &random)
            do {
                _ = try BoardProfile(parsing: board, path: "boards/raspberry-pi-4.toml")
                decoded += 1
            } catch {
                checkErrors(error, lines: ["boards/raspberry-pi-4.toml": lineCount(board)], input: board)
                rejected += 1
            }
        }
        #expect(decoded > 200 && rejected > 1000, "decoded \(decoded), rejected \(rejected)")
    }

    /// Every prefix of a valid site file: unterminated everything.
    @Test func everyTruncationOfTheExampleParsesOrFails() throws {
        let example = withoutComments(try #require(exampleBytes()))
        for end in 0...example.count {
            let bytes = Array(example[..<end])
            do {
                _ = try TOMLDocument(parsing: bytes, path: "cut.toml")
            } catch {
                checkErrors(error, lines: ["cut.toml": lineCount(bytes)], input: bytes)
            }
        }
    }
}

/// A file less its comment lines and blank lines: the same keys, fewer bytes.
private func withoutComments(_ bytes: [UInt8]) -> [UInt8] {
    bytes.split(separator: 0x0A).filter { $0.first != UInt8(ascii: "#") }.joined(separator: [0x0A]).map { $0 } + [0x0A]
}

func exampleBytes() -> [UInt8]? {
    guard case .contents(let bytes) = ConfigFile.read(repositoryRoot + "/systemd/wagond.example.toml") else { return nil }
    return bytes
}
