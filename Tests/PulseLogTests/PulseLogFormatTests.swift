@testable import PulseLog
import Testing
import WagonCore

/// The train of fixture 001, by construction (see Tests/Fixtures/pulselog/README.md).
private let twoAxlesAB: [Edge] = {
    let s: Int64 = 1_700_000_000_000
    var edges: [Edge] = []
    for axle in [Int64(0), 250_000_000] {
        edges += [
            edge(s + axle, "A", 1), edge(s + axle + 1_200_000, "B", 1),
            edge(s + axle + 4_100_000, "A", 0), edge(s + axle + 5_300_000, "B", 0),
        ]
    }
    return edges
}()

private func readFixture(_ name: String, mapping: String?) throws -> (PulseLogFormat, [Edge]) {
    var source = try openEdgeSource(path: fixturePath(name), mapping: mapping.map { try LineMapping(parsing: $0) }, bufferSize: 64)
    return (source.format, try readAll(&source, batch: 3))
}

@Test func theSameTrainReadsTheSameInEveryFormat() throws {
    let cases: [(String, String?, PulseLogFormat)] = [
        ("001-two-axles-ab.csv", nil, .native),
        ("001-two-axles-ab.gpiomon-v1.txt", "17=A,27=B", .gpiomon),
        ("001-two-axles-ab.gpiomon-v2.txt", "SENSOR_A=A,SENSOR_B=B:active-low", .gpiomon),
        ("001-two-axles-ab.vcd", "D0=A,D1=B", .vcd),
    ]
    for (name, mapping, format) in cases {
        let (detected, edges) = try readFixture(name, mapping: mapping)
        #expect(detected == format, "\(name)")
        #expect(edges == twoAxlesAB, "\(name)")
    }
}

@Test func nativeMetadataComesThroughOpenEdgeSource() throws {
    let source = try openEdgeSource(path: fixturePath("001-two-axles-ab.csv"))
    // 1.2 ms from A to B at about 10 m/s: the fixture's detectors are 12 mm apart.
    #expect(source.metadata.sensorSpacing == 0.012)
    #expect(source.channels.pointNames == [])
}

@Test func formatsAreDetectedFromTheFirstBytes() {
    let cases: [(String, PulseLogFormat?)] = [
        ("# wagon-pulse-log: 1\n", .native), ("t_ns,channel,level\n", .native), ("\n\r\n12,A,1\n", .native),
        ("$date x $end", .vcd), ("  $timescale 1ns $end", .vcd),
        ("event:  RISING EDGE offset: 1 timestamp: [ 1.0]", .gpiomon), ("1700.000000001\trising\tgpiochip0 4", .gpiomon),
        ("2023-11-14T22:13:20.000000005Z\trising\t\"A\"", .gpiomon), ("Monitoring line 'A'...", .gpiomon),
        ("", nil), ("hello", nil), ("123", nil), ("12;A;1", nil),
    ]
    for (text, format) in cases { #expect(PulseLogFormat.detect(bytes(text)) == format, "\(text)") }
}

@Test func unrecognisedBytesAreReadAsNativeForItsMessages() {
    #expect(failure {
        var source = try openEdgeSource(input: ByteInput(bytes: bytes("12;A;1\n"), path: "x.log"), mapping: nil, format: nil, channels: ChannelTable())
        _ = try readAll(&source)
    } == "x.log:1: expected 3 fields t_ns,channel,level, got 1")
}

@Test func gpiomonWithoutMappingAsksForOne() {
    #expect(failure { _ = try readFixture("001-two-axles-ab.gpiomon-v1.txt", mapping: nil) }
        == fixturePath("001-two-axles-ab.gpiomon-v1.txt") + ":1: line 17 is not mapped to a channel; map it with --map 17=A (or =B, =<point>.A)")
}

@Test func errorKindsMapToSysexits() {
    #expect(PulseLogError.Kind.badData.exitCode == 65)
    #expect(PulseLogError.Kind.cannotOpen.exitCode == 66)
    #expect(PulseLogError.Kind.io.exitCode == 74)
    #expect(PulseLogError(.badData, path: "a.csv", line: 3, message: "m").description == "a.csv:3: m")
    #expect(PulseLogError(.io, path: "a.csv", message: "m").description == "a.csv: m")
}
