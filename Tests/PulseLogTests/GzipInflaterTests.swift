import Glibc
@testable import PulseLog
import Testing
import WagonCore

/// `.gz` pulse logs read like the text inside them, through the system's
/// gzip for the compressed side.
struct GzipInflaterTests {
    static let log = "# wagon-pulse-log: 1\n# sensor_spacing_m: 0.14\nt_ns,channel,level\n"
        + (0..<3000).map { "\(1_700_000_000_000_000_000 + $0 * 1_000_003),\($0 % 2 == 0 ? "A" : "B"),\($0 / 2 % 2)\n" }.joined()

    /// `text` gzipped by `gzip -c`.
    private func gzipped(_ text: String) -> [UInt8] {
        let directory = temporaryDirectory()
        writeFile(directory + "/log.csv", bytes(text))
        precondition(system("gzip -f \(directory)/log.csv") == 0, "gzip failed")
        return readBytes(directory + "/log.csv.gz")
    }

    private func readBytes(_ path: String) -> [UInt8] {
        let fd = open(path, O_RDONLY)
        defer { close(fd) }
        var data: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 1 << 16)
        while true {
            let n = chunk.withUnsafeMutableBytes { read(fd, $0.baseAddress, $0.count) }
            if n <= 0 { break }
            data += chunk[0..<n]
        }
        return data
    }

    private func readAllEdges(_ input: ByteInput) throws -> [Edge] {
        var source = try openEdgeSource(input: input, mapping: nil, format: nil, channels: ChannelTable())
        return try readAll(&source)
    }

    @Test func aGzippedLogReadsExactlyLikeItsTextWhateverTheBufferSize() throws {
        let plain = try readNative(Self.log)
        #expect(plain.count == 3000)
        let compressed = gzipped(Self.log)
        for size in [1, 7, 64, 4096, 1 << 20] {
            #expect(try readAllEdges(ByteInput(bytes: compressed, path: "log.csv.gz", bufferSize: size)) == plain, "buffer \(size)")
        }
        // From a file, with its metadata.
        let path = temporaryDirectory() + "/pulses.csv.gz"
        writeFile(path, compressed)
        var source = try openEdgeSource(path: path)
        #expect(source.format == .native)
        #expect(source.metadata.sensorSpacing == 0.14)
        #expect(try readAll(&source) == plain)
    }

    @Test func concatenatedMembersReadAsOneStream() throws {
        let lines = Self.log.split(separator: "\n", omittingEmptySubsequences: false)
        let head = lines[..<1500].joined(separator: "\n") + "\n"
        let tail = lines[1500...].joined(separator: "\n")
        let both = gzipped(head) + gzipped(tail)
        #expect(try readAllEdges(ByteInput(bytes: both, path: "two.gz", bufferSize: 512)) == readNative(Self.log))
    }

    @Test func damagedGzipIsBadDataNamingTheFile() throws {
        var damaged = gzipped(Self.log)
        for index in stride(from: 12, to: damaged.count - 8, by: 5) { damaged[index] ^= 0xA5 }
        let message = failure { _ = try readAllEdges(ByteInput(bytes: damaged, path: "day.csv.gz")) }
        #expect(message.hasPrefix("day.csv.gz: not valid gzip data: "), "\(message)")

        let truncated = Array(gzipped(Self.log).dropLast(100))
        #expect(failure { _ = try readAllEdges(ByteInput(bytes: truncated, path: "day.csv.gz")) }
            == "day.csv.gz: gzip data ends early: the file is truncated")

        let trailing = gzipped(Self.log) + bytes("junk")
        #expect(failure { _ = try readAllEdges(ByteInput(bytes: trailing, path: "day.csv.gz")) }
            == "day.csv.gz: not valid gzip data: incorrect header check")
    }

    @Test func errorsInsideAGzipGiveTheLineOfTheText() throws {
        let text = Self.log + "1800000000000000000,A,7\n"
        #expect(failure { _ = try readAllEdges(ByteInput(bytes: gzipped(text), path: "bad.csv.gz", bufferSize: 100)) }
            == "bad.csv.gz:3004: level must be 0 or 1, got '7'")
    }
}
