@testable import PulseLog
import Testing
import WagonCore

private let header = """
    $timescale 1ns $end
    $scope module top $end
    $var wire 1 ! D0 $end
    $var wire 1 "" D1 $end
    $var wire 8 # bus [7:0] $end
    $upscope $end
    $enddefinitions $end

    """

@Test func vcdValueChangesBecomeEdgesAndUnmappedSignalsAreIgnored() throws {
    let body = """
        $dumpvars 0! b0 "" bxxxxxxxx # $end
        #10 1! b00001111 #
        #20 b1 ""
        #20 1!
        #35
        0!
        x# 0""
        """
    #expect(try readVCD(header + body, mapping: "D0=A,top.D1=B") == [edge(10, "A", 1), edge(20, "B", 1), edge(35, "A", 0), edge(35, "B", 0)])
}

@Test func aSignalThatStartsHighGivesAnOccupiedEdgeAtItsFirstTime() throws {
    #expect(try readVCD(header + "#5 1! 1\"\"\n#9 0!\n", mapping: "D0=A,D1=B:active-low") == [edge(5, "A", 1), edge(9, "A", 0)])
}

@Test func timescalesConvertToNanosecondsExactlyOrRounded() throws {
    func read(_ scale: String, _ times: [UInt64]) throws -> [Int64] {
        var text = "$timescale \(scale) $end $var wire 1 ! A $end $enddefinitions $end\n"
        for (i, t) in times.enumerated() { text += "#\(t) \(i % 2 == 0 ? 1 : 0)!\n" }
        return try readVCD(text, mapping: nil).map(\.time)
    }
    #expect(try read("10 us", [0, 3, 7]) == [0, 30_000, 70_000])
    #expect(try read("1s", [2]) == [2_000_000_000])
    #expect(try read("100 ps", [0, 417, 834, 1250]) == [0, 42, 83, 125])
    #expect(try read("1 ps", [1_499, 1_500, 2_400]) == [1, 2, 2])
    #expect(try read("1 fs", [9_223_372_036_854_775_807]) == [9_223_372_036_855])
    #expect(failure { _ = try read("1 s", [9_223_372_037]) }
        == "capture.vcd:2: time #9223372037 at this $timescale is past the end of the counting range (at most 4611686018427387904 ns, 2^62: epoch time in the year 2116)")
}

/// 2^62 ns = 4611686018427387904 ns, the end of Edge.timeRange, at several timescales.
@Test func vcdTimesEndAt2To62Nanoseconds() throws {
    func text(_ scale: String, _ times: [String]) -> String {
        var text = "$timescale \(scale) $end $var wire 1 ! A $end $enddefinitions $end\n"
        for (i, t) in times.enumerated() { text += "#\(t) \(i % 2 == 0 ? 1 : 0)!\n" }
        return text
    }
    #expect(try readVCD(text("1 ns", ["1", "4611686018427387904"]), mapping: nil).map(\.time) == [1, 1 << 62])
    #expect(try readVCD(text("10 us", ["461168601842738"]), mapping: nil).map(\.time) == [4_611_686_018_427_380_000])
    #expect(try readVCD(text("1 s", ["4611686018"]), mapping: nil).map(\.time) == [4_611_686_018_000_000_000])
    let problem = "at this $timescale is past the end of the counting range (at most 4611686018427387904 ns, 2^62: epoch time in the year 2116)"
    let cases: [(String, String)] = [
        (text("1 ns", ["1", "4611686018427387905"]), "capture.vcd:3: time #4611686018427387905 \(problem)"),
        (text("1 ns", ["9223372036854775807"]), "capture.vcd:2: time #9223372036854775807 \(problem)"),
        (text("10 us", ["1", "461168601842739"]), "capture.vcd:3: time #461168601842739 \(problem)"),
        (text("1 s", ["4611686019"]), "capture.vcd:2: time #4611686019 \(problem)"),
    ]
    for (text, expected) in cases {
        #expect(failure { _ = try readVCD(text, mapping: nil) } == expected)
        #expect(failure { _ = try readVCD(text, mapping: nil, bufferSize: 5) } == expected)
    }
}

@Test func sigrokSignalsNamedLikeChannelsMapThemselves() throws {
    let text = "$scope module libsigrok $end $var wire 1 ! A $end $var wire 1 \" east.B $end $upscope $end\n"
        + "$timescale 1 us $end $enddefinitions $end\n#0 0! 0\"\n#1 1!\n#2 1\"\n"
    var reader = try VCDReader(input: ByteInput(bytes: bytes(text), path: "s.vcd"), mapping: nil)
    #expect(try readAll(&reader) == [edge(1000, "A", 1), Edge(time: 2000, detector: Detector(point: 1, side: .b), occupied: true)])
    #expect(reader.signalNames == ["libsigrok.A", "libsigrok.east.B"])
}

@Test func vcdErrorsNameTheLineAndWhatWasExpected() {
    let cases: [(String, String?, String)] = [
        (header + "#1 x!\n", "D0=A", "capture.vcd:8: signal 'top.D0' (channel A) is 'x'; only 0 and 1 can be counted"),
        (header + "#1 r1.5 !\n", "D0=A", "capture.vcd:8: signal 'top.D0' (channel A) has a real value; only 0 and 1 can be counted"),
        (header + "#1 1?\n", "D0=A", "capture.vcd:8: value change for undeclared identifier '?'"),
        (header + "#5 1!\n#4 0!\n", "D0=A", "capture.vcd:9: time goes backwards (#4 after #5)"),
        (header + "#1a\n", "D0=A", "capture.vcd:8: time must be '#' and a non-negative integer, got '#1a'"),
        (header + "#99999999999999999999\n", "D0=A", "capture.vcd:8: time #99999999999999999999 does not fit in 64 bits"),
        (header + "#1 2!\n", "D0=A", "capture.vcd:8: expected a value change ('1!', 'b0 !'), a time '#N' or a '$' command, got '2!'"),
        (header + "#1 b2 !\n", "D0=A", "capture.vcd:8: bad vector value 'b2' (expected b followed by 0, 1, x or z)"),
        (header + "#1 b1\n", "D0=A", "capture.vcd:8: missing identifier after 'b1'"),
        (header + "$var wire 1 % late $end\n", "D0=A", "capture.vcd:8: unexpected '$var' among the value changes (expected $dumpvars, $dumpall, $dumpon, $dumpoff or $comment)"),
        (header + "$dumpvars 1!\n", "D0=A", "capture.vcd:8: the file ends inside a '$' section without its $end"),
        (header, "D9=A", "capture.vcd:7: the mapping names signal 'D9', which is not declared (declared: top.D0, top.D1, top.bus[7:0])"),
        (header, "bus[7:0]=A", "capture.vcd:7: signal 'top.bus[7:0]' is 8 bits wide; only 1-bit signals can be mapped"),
        (header, nil, "capture.vcd:7: no signal is named like a channel (A, B, <point>.A); map signals with --map, e.g. --map D0=A,D1=B (declared: top.D0, top.D1, top.bus[7:0])"),
        ("$timescale 3 ns $end\n", "D0=A", "capture.vcd:1: $timescale must be 1, 10 or 100 followed by s, ms, us, ns, ps or fs, got '3ns'"),
        ("$var wire 1 ! D0 $end $enddefinitions $end\n", "D0=A", "capture.vcd:1: the VCD header has no $timescale, so times cannot be converted to nanoseconds"),
        ("$date today\n", "D0=A", "capture.vcd:1: the file ends inside '$date' without its '$end'"),
        ("$timescale 1 ns $end\n$var wire 1 ! D0 $end\n", "D0=A", "capture.vcd:2: the file ends before '$enddefinitions $end'; is this a VCD file?"),
        // An empty file has no line to name.
        ("", "D0=A", "capture.vcd: the file ends before '$enddefinitions $end'; is this a VCD file?"),
        ("$timescale 1 ns $end\nwire\n", "D0=A", "capture.vcd:2: expected a '$' section in the VCD header, got 'wire'"),
        ("$timescale 1 ns $end $var wire ! D0 $end\n", "D0=A", "capture.vcd:1: expected '$var TYPE SIZE ID NAME $end', got '$var wire ! D0 $end'"),
        ("$upscope $end\n", "D0=A", "capture.vcd:1: '$upscope' without a '$scope'"),
        ("$timescale 1ns $end $scope module a $end $var wire 1 ! D0 $end $upscope $end $scope module b $end $var wire 1 \" D0 $end $upscope $end $enddefinitions $end\n",
         "D0=A", "capture.vcd:1: signal name 'D0' is ambiguous (a.D0, b.D0); qualify it with its scope, e.g. a/D0=A"),
    ]
    for (text, mapping, expected) in cases {
        #expect(failure { _ = try readVCD(text, mapping: mapping) } == expected)
        #expect(failure { _ = try readVCD(text, mapping: mapping, bufferSize: 4) } == expected)
    }
}

@Test func scopeQualifiedMappingsPickTheRightSignal() throws {
    let text = "$timescale 1ns $end $scope module a $end $var wire 1 ! D0 $end $upscope $end $scope module b $end $var wire 1 \" D0 $end $upscope $end $enddefinitions $end\n#1 1! 1\"\n"
    #expect(try readVCD(text, mapping: "b/D0=B") == [edge(1, "B", 1)])
    #expect(try readVCD(text, mapping: "a.D0=A") == [edge(1, "A", 1)])
}
