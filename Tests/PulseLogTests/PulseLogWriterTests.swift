import Glibc
@testable import PulseLog
import Testing
import WagonCore
import TrainSim  // SplitMix64: the same cases on every run


private func readFile(_ path: String) -> String {
    var reader = try! NativePulseLogReader(path: path)
    _ = try? readAll(&reader)
    let fd = open(path, O_RDONLY)
    defer { close(fd) }
    var data: [UInt8] = []
    var chunk = [UInt8](repeating: 0, count: 4096)
    while true {
        let n = chunk.withUnsafeMutableBytes { read(fd, $0.baseAddress, 4096) }
        if n <= 0 { break }
        data += chunk[0..<n]
    }
    return String(decoding: data, as: UTF8.self)
}

@Test func writerWritesTheDesignExampleByteForByte() throws {
    let path = temporaryDirectory() + "/out.csv"
    let writer = try PulseLogWriter(path: path)
    try writer.writeHeader(PulseLogMetadata(sensorSpacing: 0.14, entries: [("site", "border bridge")]))
    try writer.write([
        edge(1_700_000_000_000_000_000, "A", 1), edge(1_700_000_000_001_200_000, "B", 1),
        edge(1_700_000_000_004_100_000, "A", 0), edge(0 + 1_700_000_000_005_300_000, "B", 0),
    ])
    try writer.close()
    #expect(readFile(path) == """
        # wagon-pulse-log: 1
        # sensor_spacing_m: 0.14
        # site: border bridge
        t_ns,channel,level
        1700000000000000000,A,1
        1700000000001200000,B,1
        1700000000004100000,A,0
        1700000000005300000,B,0

        """)
}

@Test func generatedEdgesRoundTripThroughWriterAndReader() throws {
    var random = SplitMix64(seed: 42)
    let table = ChannelTable(pointNames: ["", "east", "a-very-long-point_name"])
    var edges: [Edge] = []
    var time: Int64 = 0
    for _ in 0..<20_000 {
        time += Int64.random(in: 0...3_000_000_000, using: &random)
        let detector = Detector(point: Int.random(in: 0...2, using: &random), side: Bool.random(using: &random) ? .a : .b)
        edges.append(Edge(time: time, detector: detector, occupied: Bool.random(using: &random)))
    }
    edges.append(Edge(time: 1 << 62, detector: Detector(point: 0, side: .b), occupied: false))  // the end of Edge.timeRange
    let path = temporaryDirectory() + "/round.csv"
    let writer = try PulseLogWriter(path: path, channels: table, bufferSize: 100)
    try writer.writeHeader(PulseLogMetadata(sensorSpacing: 0.2, entries: [("source", "SplitMix64 42")]))
    try writer.write(edges)
    try writer.close()
    var reader = try NativePulseLogReader(path: path, channels: table, bufferSize: 77)
    #expect(reader.metadata.sensorSpacing == 0.2)
    #expect(reader.metadata["source"] == "SplitMix64 42")
    #expect(try readAll(&reader, batch: 333) == edges)
}

@Test func writerWithoutHeaderStillWritesVersionAndHeader() throws {
    let path = temporaryDirectory() + "/bare.csv"
    let writer = try PulseLogWriter(path: path)
    try writer.write(edge(5, "B", 1))
    try writer.close()
    #expect(readFile(path) == "# wagon-pulse-log: 1\nt_ns,channel,level\n5,B,1\n")
}

@Test func writerRefusesWhatNoReaderWouldAccept() throws {
    let writer = try PulseLogWriter(path: temporaryDirectory() + "/bad.csv")
    try writer.write(edge(10, "A", 1))
    #expect(failure { try writer.write(edge(9, "A", 0)) }.hasSuffix("bad.csv: edge time 9 goes backwards (after 10); pulse logs need non-decreasing t_ns >= 0"))
    let tooLate = "is past the end of the counting range (at most 4611686018427387904 ns, 2^62: epoch time in the year 2116); no reader would accept it"
    try writer.write(edge(1 << 62, "A", 0))
    #expect(failure { try writer.write(edge((1 << 62) + 1, "B", 1)) }.hasSuffix("bad.csv: edge time 4611686018427387905 \(tooLate)"))
    #expect(failure { try writer.write(edge(Int64.max, "B", 1)) }.hasSuffix("bad.csv: edge time 9223372036854775807 \(tooLate)"))
    let other = try PulseLogWriter(path: temporaryDirectory() + "/meta.csv")
    #expect(failure { try other.writeHeader(PulseLogMetadata(entries: [("two words", "x")])) }
        .hasSuffix("meta.csv: metadata key 'two words' must be letters, digits, '_', '-' or '.'"))
}

@Test func writeErrorsAreIOErrorsWithTheSystemReason() throws {
    do {
        let writer = try PulseLogWriter(path: "/dev/full", bufferSize: 64)
        try writer.write(edge(1, "A", 1))
        try writer.close()
        Issue.record("no error")
    } catch let error as PulseLogError {
        #expect(error.kind == .io)
        #expect(error.description == "/dev/full: write failed: No space left on device")
    }
    #expect(failure { _ = try PulseLogWriter(path: "/nonexistent/x.csv") } == "/nonexistent/x.csv: cannot create: No such file or directory")
}
