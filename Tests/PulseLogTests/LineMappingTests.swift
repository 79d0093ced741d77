import PulseLog
import Testing

@Test func compactMappingsParseToEntries() throws {
    let mapping = try LineMapping(parsing: " 17=A, 27 = B ")
    #expect(mapping.entries == [
        LineMapping.Entry(line: .offset(17), channel: "A"), LineMapping.Entry(line: .offset(27), channel: "B"),
    ])
    let named = try LineMapping(parsing: "GPIO17=east.A:active-low,gpiochip1/GPIO27=east.B:active-high,/dev/gpiochip2/4=west.A,3/5=west.B")
    #expect(named.entries == [
        LineMapping.Entry(line: .name("GPIO17"), channel: "east.A", activeLow: true),
        LineMapping.Entry(line: .name("GPIO27"), chip: "gpiochip1", channel: "east.B"),
        LineMapping.Entry(line: .offset(4), chip: "gpiochip2", channel: "west.A"),
        LineMapping.Entry(line: .offset(5), chip: "gpiochip3", channel: "west.B"),
    ])
    #expect(named.description == "GPIO17=east.A:active-low,gpiochip1/GPIO27=east.B,gpiochip2/4=west.A,gpiochip3/5=west.B")
}

@Test func malformedMappingsSayWhatIsWrong() {
    let cases: [(String, String)] = [
        ("", "empty entry (expected LINE=CHANNEL, for example 17=A)"),
        ("17=A,", "empty entry (expected LINE=CHANNEL, for example 17=A)"),
        ("17", "'17' is not LINE=CHANNEL (for example 17=A or GPIO17=east.A)"),
        ("17=A=B", "'17=A=B' is not LINE=CHANNEL (for example 17=A or GPIO17=east.A)"),
        ("17=C", "'C' is not a channel (expected A, B or <point>.A/<point>.B)"),
        ("=A", "missing line before '=' in ''"),
        ("17=A:inverted", "unknown option in '17=A:inverted' (expected :active-low or :active-high)"),
        ("17=A,17=B", "line 17 is mapped twice (to A and B)"),
        ("17=A,18=A", "channel A is mapped twice (from 17 and 18)"),
        ("/17=A", "empty chip before '/' in '/17'"),
        ("my line=A", "line name 'my line' must not contain spaces or quotes"),
        ("99999999999=A", "line offset 99999999999 is too large"),
    ]
    for (text, message) in cases {
        do {
            _ = try LineMapping(parsing: text)
            Issue.record("no error for '\(text)'")
        } catch {
            #expect(error.description == "invalid line mapping '\(text)': \(message)")
        }
    }
}
