import Glibc
@testable import PulseLog
import Testing
import WagonCore

/// Reads a source to the end in batches of `batch`, checking the
/// `EdgeSource` contract (time order, `false` only when nothing was added).
func readAll<Source: EdgeSource>(_ source: inout Source, batch: Int = 1000) throws -> [Edge] {
    var edges: [Edge] = []
    var calls = 0
    while true {
        let before = edges.count
        let more = try source.readEdges(into: &edges, maxCount: batch)
        #expect(edges.count - before <= batch)
        #expect(more == (edges.count > before))
        if !more { break }
        calls += 1
        precondition(calls < 10_000_000, "a reader that never ends")
    }
    for (a, b) in zip(edges, edges.dropFirst()) { #expect(a.time <= b.time) }
    return edges
}

func bytes(_ text: String) -> [UInt8] { Array(text.utf8) }

func nativeReader(_ text: String, path: String = "trace.csv", bufferSize: Int = 1 << 16) throws -> NativePulseLogReader {
    try NativePulseLogReader(input: ByteInput(bytes: bytes(text), path: path, bufferSize: bufferSize))
}

func readNative(_ text: String, path: String = "trace.csv", bufferSize: Int = 1 << 16) throws -> [Edge] {
    var reader = try nativeReader(text, path: path, bufferSize: bufferSize)
    return try readAll(&reader)
}

func readGpiomon(_ text: String, mapping: String? = "17=A,27=B", path: String = "gpiomon.txt", bufferSize: Int = 1 << 16) throws -> [Edge] {
    let parsed = try mapping.map { try LineMapping(parsing: $0) }
    var reader = GpiomonReader(input: ByteInput(bytes: bytes(text), path: path, bufferSize: bufferSize), mapping: parsed)
    return try readAll(&reader)
}

func readVCD(_ text: String, mapping: String? = "D0=A,D1=B", path: String = "capture.vcd", bufferSize: Int = 1 << 16) throws -> [Edge] {
    let parsed = try mapping.map { try LineMapping(parsing: $0) }
    var reader = try VCDReader(input: ByteInput(bytes: bytes(text), path: path, bufferSize: bufferSize), mapping: parsed)
    return try readAll(&reader)
}

/// The description of the `PulseLogError` that `body` throws, or a note
/// saying it threw nothing.
func failure(_ body: () throws -> Void) -> String {
    do {
        try body()
        return "no error"
    } catch let error as PulseLogError {
        return error.description
    } catch {
        return "unexpected \(type(of: error)): \(error)"
    }
}

func edge(_ time: Int64, _ channel: String, _ level: Int, point: Int = 0) -> Edge {
    Edge(time: time, detector: Detector(point: point, side: channel == "A" ? .a : .b), occupied: level == 1)
}

/// A fresh empty directory under /tmp for files a test writes.
func temporaryDirectory() -> String {
    var template = Array("/tmp/pulselog-test-XXXXXX".utf8CString)
    let made = template.withUnsafeMutableBufferPointer { mkdtemp($0.baseAddress!) }
    precondition(made != nil, "mkdtemp failed")
    return String(cString: made!)
}

func writeFile(_ path: String, _ contents: [UInt8]) {
    let fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
    precondition(fd >= 0, "cannot create \(path)")
    contents.withUnsafeBufferPointer { _ = write(fd, $0.baseAddress, $0.count) }
    close(fd)
}

/// Tests/Fixtures/pulselog/NAME, found from this source file's path.
func fixturePath(_ name: String) -> String {
    var parts = "\(#filePath)".split(separator: "/", omittingEmptySubsequences: false)
    parts.removeLast(2)  // PulseLogTests/TestSupport.swift
    return parts.joined(separator: "/") + "/Fixtures/pulselog/\(name)"
}
