import Foundation
import HTTPUplink
import LoopbackReceiver
import XCTest

final class GzipTests: XCTestCase {
    func testCompressedBytesInflateToTheOriginal() throws {
        let text = Array(String(repeating: "{\"id\":\"7-1\",\"wagons\":42,\"note\":\"caf\u{E9}\"},", count: 500).utf8)
        let compressed = try Gzip.compress(text)
        XCTAssertEqual(Array(compressed.prefix(3)), [0x1F, 0x8B, 0x08], "gzip magic and deflate method")
        XCTAssertLessThan(compressed.count, text.count / 10, "repetitive JSON shrinks at least tenfold")
        XCTAssertEqual(try Gunzip.decompress(compressed), text)
    }

    func testEmptyInputRoundTrips() throws {
        XCTAssertEqual(try Gunzip.decompress(try Gzip.compress([])), [])
    }

    func testIncompressibleInputRoundTrips() throws {
        var generator = SystemRandomNumberGenerator()
        let noise = (0..<100_000).map { _ in UInt8.random(in: 0...255, using: &generator) }
        XCTAssertEqual(try Gunzip.decompress(try Gzip.compress(noise)), noise)
    }

    func testTheGzipToolReadsWhatWeWrite() throws {
        let text = "wagond gzip check\n" + String(repeating: "0123456789", count: 100)
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let path = directory.file("batch.gz")
        try Data(try Gzip.compress(Array(text.utf8))).write(to: URL(fileURLWithPath: path))

        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/sh")
        process.arguments = ["-c", "gzip -dc '\(path)'"]
        let output = Pipe()
        process.standardOutput = output
        try process.run()
        let inflated = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        XCTAssertEqual(process.terminationStatus, 0)
        XCTAssertEqual(String(decoding: inflated, as: UTF8.self), text)
    }

    func testTruncatedOrTrailingGzipIsRefused() throws {
        let compressed = try Gzip.compress(Array("some text".utf8))
        XCTAssertThrowsError(try Gunzip.decompress(Array(compressed.dropLast(4))))
        XCTAssertThrowsError(try Gunzip.decompress(compressed + [0x00]))
        XCTAssertThrowsError(try Gunzip.decompress(Array("plain".utf8)))
    }
}
