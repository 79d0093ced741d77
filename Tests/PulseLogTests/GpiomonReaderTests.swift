@testable import PulseLog
import Testing
import WagonCore

@Test func gpiomonV1EventsBecomeEdges() throws {
    let text = """
        event:  RISING EDGE offset: 17 timestamp: [    1700.000000001]
        event:  RISING EDGE offset: 27 timestamp: [    1700.001200000]

        event: FALLING EDGE offset: 17 timestamp: [1234567890.5]
        """
    #expect(try readGpiomon(text) == [edge(1_700_000_000_001, "A", 1), edge(1_700_001_200_000, "B", 1), edge(1_234_567_890_500_000_000, "A", 0)])
}

@Test func gpiomonV2EventsInEveryLineIdFormBecomeEdges() throws {
    let text = """
        Monitoring lines 'SENSOR_A' and 'SENSOR_B'...
        1700.000000000\trising\tgpiochip0 17
        1700.000000001\trising\t"SENSOR_B"
        1700.000000002\tfalling\tgpiochip0 17 "SENSOR_A"
        1700.000000003\tfalling\tSENSOR_B
        1700.000000004\trising\tgpiochip0 17 SENSOR_A
        2023-11-14T22:13:20.000000005Z\trising\tgpiochip0 27

        """
    #expect(try readGpiomon(text, mapping: "gpiochip0/17=A,SENSOR_B=B,27=east.B:active-low") == [
        edge(1_700_000_000_000, "A", 1), edge(1_700_000_000_001, "B", 1), edge(1_700_000_000_002, "A", 0),
        edge(1_700_000_000_003, "B", 0), edge(1_700_000_000_004, "A", 1),
        Edge(time: 1_700_000_000_000_000_005, detector: Detector(point: 1, side: .b), occupied: false),
    ])
}

@Test func gpiomonLinesNamedLikeChannelsNeedNoMapping() throws {
    #expect(try readGpiomon("5.0\trising\t\"A\"\n6.0\trising\t\"east.B\"\n", mapping: nil)
        == [edge(5_000_000_000, "A", 1), Edge(time: 6_000_000_000, detector: Detector(point: 1, side: .b), occupied: true)])
}

@Test func gpiomonV1OutOfOrderLinesArePutBackInTimeOrder() throws {
    // v1 reads each line from its own descriptor: 27's event prints after 17's later one.
    let text = """
        event:  RISING EDGE offset: 17 timestamp: [       1.000000000]
        event: FALLING EDGE offset: 17 timestamp: [       1.000300000]
        event:  RISING EDGE offset: 27 timestamp: [       1.000200000]
        event: FALLING EDGE offset: 27 timestamp: [       1.000300000]
        """
    #expect(try readGpiomon(text) == [
        edge(1_000_000_000, "A", 1), edge(1_000_200_000, "B", 1), edge(1_000_300_000, "A", 0), edge(1_000_300_000, "B", 0),
    ])
}

@Test func gpiomonErrorsNameTheLineAndWhatWasExpected() {
    let v1 = "event:  RISING EDGE offset: 17 timestamp: [       5.000000000]\n"
    let cases: [(String, String?, String)] = [
        (v1 + "event:  RISING EDGE offset: 22 timestamp: [       6.0]\n", "17=A",
         "gpiomon.txt:2: line 22 is not mapped to a channel; map it with --map 22=A (or =B, =<point>.A)"),
        ("1.5\trising\tgpiochip1 4 \"DOOR\"\n", nil,
         "gpiomon.txt:1: line \"DOOR\" (gpiochip1 4) is not mapped to a channel; map it with --map DOOR=A (or =B, =<point>.A)"),
        ("1.5\trising\tgpiochip1 4\n", nil,
         "gpiomon.txt:1: line gpiochip1 4 is not mapped to a channel; map it with --map gpiochip1/4=A (or =B, =<point>.A)"),
        (v1 + "event: RISING offset: 17 timestamp: [ 6.0]\n", "17=A",
         "gpiomon.txt:2: expected 'RISING EDGE' or 'FALLING EDGE' after 'event:', got 'RISING offset: 17 timestamp: [ 6.0]'"),
        ("event:  RISING EDGE offset: x timestamp: [ 6.0]\n", "17=A",
         "gpiomon.txt:1: expected 'offset: <line offset>' after the edge, got 'x timestamp: [ 6.0]'"),
        ("event:  RISING EDGE offset: 17 timestamp: [ 6.0\n", "17=A",
         "gpiomon.txt:1: expected 'timestamp: [<seconds>.<nanoseconds>]' to end the line, got 'event:  RISING EDGE offset: 17 timestamp: [ 6.0'"),
        ("event:  RISING EDGE offset: 17 timestamp: [ 6.0123456789]\n", "17=A",
         "gpiomon.txt:1: timestamp '6.0123456789' must have 1 to 9 decimals"),
        ("99999999999.0\trising\tgpiochip0 17\n", "17=A",
         "gpiomon.txt:1: timestamp '99999999999.0' is past the end of the counting range (at most 4611686018.427387904 s, 2^62 ns: epoch time in the year 2116)"),
        ("1.0\tup\tgpiochip0 17\n", "17=A", "gpiomon.txt:1: expected 'rising' or 'falling' after the timestamp, got 'up\\x09gpiochip0 17'"),
        ("1.0\trising\n", "17=A", "gpiomon.txt:1: expected the line ('CHIP OFFSET' or '\"NAME\"') after the edge, got ''"),
        ("1.0\trising\t\"A\n", nil, "gpiomon.txt:1: unterminated quoted line name '\"A'"),
        ("2023-11-14T22:13:20.000000005\trising\tgpiochip0 17\n", "17=A",
         "gpiomon.txt:1: local time stamps (gpiomon --localtime) have no time zone; record with the default clock or --utc"),
        ("2023-13-14T22:13:20.0Z\trising\tgpiochip0 17\n", "17=A",
         "gpiomon.txt:1: expected a UTC timestamp YYYY-MM-DDTHH:MM:SS.NNNNNNNNNZ, got '2023-13-14T22:13:20.0Z\\x09rising\\x09gpiochip0 17'"),
        ("hello\n", "17=A",
         "gpiomon.txt:1: expected a gpiomon event ('event:  RISING EDGE offset: N timestamp: [S.NNNNNNNNN]' or 'S.NNNNNNNNN<TAB>rising<TAB>CHIP OFFSET'), got 'hello'"),
        (v1 + "6.0\trising\tgpiochip0 17\n", "17=A",
         "gpiomon.txt:2: gpiomon v2 event in a file of v1 events (first on line 1); record one run of one gpiomon version per file"),
        (v1 + "event:  RISING EDGE offset: 17 timestamp: [       3.000000000]\n", "17=A",
         "gpiomon.txt:2: time goes backwards by more than the 1 s reorder window (3000000000 after 5000000000)"),
        ("1.0\trising\tgpiochip0 17\n", "gpiochip0/17=A,17=B",
         "gpiomon.txt:1: line gpiochip0 17 matches several mapping entries (gpiochip0/17=A, 17=B); qualify them with the chip, e.g. gpiochip0/17=A"),
    ]
    for (text, mapping, expected) in cases {
        #expect(failure { _ = try readGpiomon(text, mapping: mapping) } == expected)
        #expect(failure { _ = try readGpiomon(text, mapping: mapping, bufferSize: 5) } == expected)
    }
}

/// 2^62 ns = 4611686018.427387904 s = 2116-02-20T23:53:38.427387904Z, the end of Edge.timeRange.
@Test func gpiomonTimesEndAt2To62Nanoseconds() throws {
    let v1 = "event:  RISING EDGE offset: 17 timestamp: [4611686018.427387904]\n"
    let v2 = "4611686018.427387904\trising\tgpiochip0 17\n"
    let utc = "2116-02-20T23:53:38.427387904Z\trising\tgpiochip0 17\n"
    for text in [v1, v2, utc] {
        #expect(try readGpiomon(text) == [edge(1 << 62, "A", 1)], "\(text)")
    }
    let inSeconds = "is past the end of the counting range (at most 4611686018.427387904 s, 2^62 ns: epoch time in the year 2116)"
    let inUTC = "is past the end of the counting range (at most 2116-02-20T23:53:38.427387904Z, 2^62 ns)"
    let cases: [(String, String)] = [
        (v1 + "event: FALLING EDGE offset: 17 timestamp: [4611686018.427387905]\n",
         "gpiomon.txt:2: timestamp '4611686018.427387905' \(inSeconds)"),
        (v2 + "4611686018.427387905\tfalling\tgpiochip0 17\n", "gpiomon.txt:2: timestamp '4611686018.427387905' \(inSeconds)"),
        (v2 + "4611686019.0\tfalling\tgpiochip0 17\n", "gpiomon.txt:2: timestamp '4611686019.0' \(inSeconds)"),
        (utc + "2116-02-20T23:53:38.427387905Z\tfalling\tgpiochip0 17\n",
         "gpiomon.txt:2: UTC timestamp '2116-02-20T23:53:38.427387905Z' \(inUTC)"),
        // Past 2262 the date does not even fit in 64-bit nanoseconds.
        ("2300-01-01T00:00:00.0Z\trising\tgpiochip0 17\n", "gpiomon.txt:1: UTC timestamp '2300-01-01T00:00:00.0Z' \(inUTC)"),
    ]
    for (text, expected) in cases {
        #expect(failure { _ = try readGpiomon(text) } == expected)
        #expect(failure { _ = try readGpiomon(text, bufferSize: 5) } == expected)
    }
}

@Test func theUTCLimitInMessagesIs2To62Nanoseconds() {
    let seconds = GpiomonEvent.daysFromCivil(year: 2116, month: 2, day: 20) * 86_400 + (23 * 60 + 53) * 60 + 38
    #expect(Int64(seconds) * 1_000_000_000 + 427_387_904 == 1 << 62)
    #expect(TimeLimit.pastTheEndInUTC.contains("2116-02-20T23:53:38.427387904Z"))
}

@Test func daysFromCivilMatchesKnownDates() {
    #expect(GpiomonEvent.daysFromCivil(year: 1970, month: 1, day: 1) == 0)
    #expect(GpiomonEvent.daysFromCivil(year: 2000, month: 3, day: 1) == 11_017)
    #expect(GpiomonEvent.daysFromCivil(year: 2023, month: 11, day: 14) == 19_675)
}
