import Glibc
@testable import PulseLog
import Testing
import WagonCore

private let example = """
    # wagon-pulse-log: 1
    # sensor_spacing_m: 0.14
    # any other comment or metadata line starts with '#'
    t_ns,channel,level
    1700000000000000000,A,1
    1700000000001200000,B,1
    1700000000004100000,A,0
    1700000000005300000,B,0

    """

@Test func theDesignExampleReadsAsFourEdges() throws {
    let edges = try readNative(example)
    #expect(edges == [
        edge(1_700_000_000_000_000_000, "A", 1), edge(1_700_000_000_001_200_000, "B", 1),
        edge(1_700_000_000_004_100_000, "A", 0), edge(1_700_000_000_005_300_000, "B", 0),
    ])
}

@Test func metadataIsAvailableBeforeTheFirstEdge() throws {
    let reader = try nativeReader(example + "# site: after data is a comment\n")
    #expect(reader.metadata.version == 1)
    #expect(reader.metadata.sensorSpacing == 0.14)
    #expect(reader.metadata.entries.map(\.key) == ["wagon-pulse-log", "sensor_spacing_m"])
    #expect(reader.metadata["sensor_spacing_m"] == "0.14")
}

@Test func extraMetadataIsKeptInOrder() throws {
    let reader = try nativeReader("# site: border bridge\n# wagon-pulse-log: 1\n#track: 2 \n5,A,1\n")
    #expect(reader.metadata.entries.map { "\($0.key)=\($0.value)" } == ["site=border bridge", "wagon-pulse-log=1", "track=2"])
    #expect(reader.metadata.sensorSpacing == nil)
}

@Test func headerVersionAndMetadataAreOptional() throws {
    let reader = try nativeReader("0,A,1\n")
    #expect(reader.metadata == PulseLogMetadata())
    #expect(try readNative("0,A,1\n3,B,1") == [edge(0, "A", 1), edge(3, "B", 1)])
}

@Test func crlfEmptyLinesAndCommentsAnywhereAreAccepted() throws {
    let text = "# wagon-pulse-log: 1\r\n\r\nt_ns,channel,level\r\n10,A,1\r\n\r\n# a note\r\n10,B,1\r\n\n20,A,0\r\n"
    #expect(try readNative(text) == [edge(10, "A", 1), edge(10, "B", 1), edge(20, "A", 0)])
}

@Test func pointChannelsRegisterCountingPointsInOrderSeen() throws {
    var reader = try nativeReader("1,west.A,1\n2,east.A,1\n3,west.B,1\n4,A,0\n")
    let edges = try readAll(&reader)
    #expect(reader.channels.pointNames == ["west", "east", ""])
    #expect(edges.map(\.detector) == [
        Detector(point: 0, side: .a), Detector(point: 1, side: .a), Detector(point: 0, side: .b), Detector(point: 2, side: .a),
    ])
}

@Test func declaredPointsKeepTheirIndices() throws {
    var reader = try NativePulseLogReader(
        input: ByteInput(bytes: bytes("1,west.A,1\n"), path: "p.csv"), channels: ChannelTable(pointNames: ["east", "west"]))
    #expect(try readAll(&reader) == [Edge(time: 1, detector: Detector(point: 1, side: .a), occupied: true)])
}

@Test func largestTimeFitsAndLeadingZerosAreAllowed() throws {
    // 2^62 = 4611686018427387904, the end of Edge.timeRange.
    for bufferSize in [3, 1 << 16] {
        #expect(try readNative("0009,A,1\n4611686018427387904,A,0\n", bufferSize: bufferSize) == [edge(9, "A", 1), edge(1 << 62, "A", 0)])
        #expect(try readNative("00004611686018427387904,B,1\n", bufferSize: bufferSize) == [edge(1 << 62, "B", 1)])
    }
}

@Test func aTimePastTheCountingRangeIsAnErrorAtItsLine() {
    let problem = "is past the end of the counting range (at most 4611686018427387904 ns, 2^62: epoch time in the year 2116)"
    // Just past 2^62, Int64.max (which the fast path's digits still hold), with leading zeros.
    for tooLate in ["4611686018427387905", "9223372036854775807", "00004611686018427387905"] {
        let text = "1,A,1\n4611686018427387904,B,1\n\(tooLate),A,0\n"
        for bufferSize in [3, 1 << 16] {
            #expect(failure { _ = try readNative(text, bufferSize: bufferSize) } == "trace.csv:3: t_ns \(problem), got '\(tooLate)'")
        }
    }
}

@Test func everyMalformedLineIsAnErrorWithItsLine() {
    let cases: [(String, String)] = [
        ("1,A,1\n2,A\n", "trace.csv:2: expected 3 fields t_ns,channel,level, got 2"),
        ("1,A,1,\n", "trace.csv:1: expected 3 fields t_ns,channel,level, got 4"),
        ("# c\n\n1,A,2\n", "trace.csv:3: level must be 0 or 1, got '2'"),
        ("1,A,\n", "trace.csv:1: level must be 0 or 1, got ''"),
        ("1,A,1 \n", "trace.csv:1: level must be 0 or 1, got '1 '"),
        ("1,C,1\n", "trace.csv:1: unknown channel 'C' (expected A, B or <point>.A/<point>.B)"),
        ("1,east.,1\n", "trace.csv:1: unknown channel 'east.' (expected A, B or <point>.A/<point>.B)"),
        ("1,,1\n", "trace.csv:1: unknown channel '' (expected A, B or <point>.A/<point>.B)"),
        ("1,A\u{1},1\n", "trace.csv:1: unknown channel 'A\\x01' (expected A, B or <point>.A/<point>.B)"),
        ("-5,A,1\n", "trace.csv:1: t_ns must be a non-negative integer, got '-5'"),
        ("1.5,A,1\n", "trace.csv:1: t_ns must be a non-negative integer, got '1.5'"),
        (",A,1\n", "trace.csv:1: t_ns must be a non-negative integer, got ''"),
        ("4611686018427387905,A,1\n", "trace.csv:1: t_ns is past the end of the counting range (at most 4611686018427387904 ns, 2^62: epoch time in the year 2116), got '4611686018427387905'"),
        ("9223372036854775808,A,1\n", "trace.csv:1: t_ns is past the end of the counting range (at most 4611686018427387904 ns, 2^62: epoch time in the year 2116), got '9223372036854775808'"),
        ("99999999999999999999999,A,1\n", "trace.csv:1: t_ns is past the end of the counting range (at most 4611686018427387904 ns, 2^62: epoch time in the year 2116), got '99999999999999999999999'"),
        ("1700000000000000100,A,1\n1700000000000000000,B,1\n", "trace.csv:2: time goes backwards (1700000000000000000 after 1700000000000000100)"),
        ("1,A,1\nt_ns,channel,level\n", "trace.csv:2: header line 't_ns,channel,level' after data lines (are two logs joined together?)"),
        ("1,A,1\n2,B,1\r3,A,0\n", "trace.csv:2: expected 3 fields t_ns,channel,level, got 5"),
        ("1,A,1\n2,B,1\r\r\n", "trace.csv:2: level must be 0 or 1, got '1\\x0d'"),
        ("1,A,1\nhello\n", "trace.csv:2: expected 3 fields t_ns,channel,level, got 1"),
        ("1,A,1\n2,A,0", "no error"),
        ("00000000,A,1\n\0\0\0\0\0\0\0\0,A,1\n", "trace.csv:2: t_ns must be a non-negative integer, got '\\x00\\x00\\x00\\x00\\x00\\x00\\x00\\x00'"),
        ("12345678901,A,1\n12345678x01,A,1\n", "trace.csv:2: t_ns must be a non-negative integer, got '12345678x01'"),
        ("1,A,1\n2,A,x", "trace.csv:2: level must be 0 or 1, got 'x'"),
    ]
    for (text, expected) in cases {
        #expect(failure { _ = try readNative(text) } == expected, "\(text)")
        // The slow path and the in-place fast path must agree, whatever the buffer.
        #expect(failure { _ = try readNative(text, bufferSize: 3) } == expected, "\(text)")
    }
}

@Test func badMetadataIsAnErrorFromInit() {
    #expect(failure { _ = try nativeReader("# wagon-pulse-log: 2\n") }
        == "trace.csv:1: unsupported pulse log version '2' (this reader reads version 1)")
    #expect(failure { _ = try nativeReader("# c\n# sensor_spacing_m: -0.1\n") }
        == "trace.csv:2: sensor_spacing_m must be a positive number of metres, got '-0.1'")
    #expect(failure { _ = try nativeReader("# sensor_spacing_m: wide\n") }
        == "trace.csv:1: sensor_spacing_m must be a positive number of metres, got 'wide'")
    #expect(failure { _ = try nativeReader("# sensor_spacing_m: 0.1\n# sensor_spacing_m: 0.2\n") }
        == "trace.csv:2: metadata 'sensor_spacing_m' given twice (first on line 1)")
    #expect(failure { _ = try nativeReader("5,Q,1\n") } == "no error")  // data errors come from readEdges
}

@Test func linesStraddlingBufferBoundariesReadTheSameAtEveryBufferSize() throws {
    var text = "# wagon-pulse-log: 1\r\n# sensor_spacing_m: 0.14\n# comment that is rather longer than a tiny buffer\n"
    var expected: [Edge] = []
    var time: Int64 = 1_699_999_999_999_000_000
    for i in 0..<300 {
        time += Int64(i % 7) * 1_234_567
        let channel = ["A", "B", "east.A", "a_long_point_name.B"][i % 4]
        let crlf = i % 5 == 0 ? "\r\n" : "\n"
        text += "\(time),\(channel),\(i % 2)\(crlf)" + (i % 11 == 0 ? "# note\n\n" : "")
        let point = ["A": 0, "B": 0, "east.A": 1, "a_long_point_name.B": 2][channel]!
        expected.append(Edge(time: time, detector: Detector(point: point, side: channel.hasSuffix("A") ? .a : .b), occupied: i % 2 == 1))
    }
    for size in [1, 2, 3, 7, 8, 9, 16, 23, 24, 25, 64, 100, 4096] {
        let reader = try nativeReader(text, bufferSize: size)
        #expect(reader.metadata.sensorSpacing == 0.14)
        var source = reader
        for batch in [1, 3, 1000] {
            source = try nativeReader(text, bufferSize: size)
            #expect(try readAll(&source, batch: batch) == expected, "buffer \(size) batch \(batch)")
        }
    }
}

@Test func aMissingFileIsCannotOpen() {
    do {
        _ = try NativePulseLogReader(path: "/nonexistent/trace.csv")
        Issue.record("no error")
    } catch let error as PulseLogError {
        #expect(error.kind == .cannotOpen)
        #expect(error.kind.exitCode == 66)
        #expect(error.description == "/nonexistent/trace.csv: cannot open: No such file or directory")
    } catch {
        Issue.record("\(error)")
    }
    #expect(failure { _ = try NativePulseLogReader(path: "/tmp") } == "/tmp: cannot read: Is a directory")
}

@Test func aRealFileReadsLikeMemory() throws {
    let directory = temporaryDirectory()
    writeFile("\(directory)/trace.csv", bytes(example))
    var reader = try NativePulseLogReader(path: "\(directory)/trace.csv", bufferSize: 5)
    #expect(try readAll(&reader) == (try readNative(example)))
    #expect(reader.metadata.sensorSpacing == 0.14)
}

@Test func aPipeReadsLikeAFile() throws {
    var ends: [Int32] = [0, 0]
    #expect(pipe(&ends) == 0)
    let text = bytes(example)
    text.withUnsafeBufferPointer { _ = write(ends[1], $0.baseAddress, $0.count) }
    close(ends[1])
    var reader = try NativePulseLogReader(input: ByteInput(fileDescriptor: ends[0], owned: true, path: "<stdin>", bufferSize: 7))
    #expect(reader.path == "<stdin>")
    #expect(try readAll(&reader) == (try readNative(example)))
}
