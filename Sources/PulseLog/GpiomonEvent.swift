/// One event line of `gpiomon` output, before mapping to a channel.
///
/// The formats are those of the libgpiod sources (brgl/libgpiod):
///
/// - v1 (libgpiod 1.6, Debian 12), `tools/gpiomon.c`, `event_print_human_readable`:
///   `printf("event: %s offset: %u timestamp: [%8ld.%09ld]\n", evname, ...)`
///   with `evname` either `" RISING EDGE"` or `"FALLING EDGE"`, e.g.
///   `event:  RISING EDGE offset: 17 timestamp: [    1700.000000001]`.
/// - v2 (libgpiod 2.x), `tools/gpiomon.c`, `event_print_human_readable`: the
///   time from `tools-common.c` `print_event_time` (`%lu.%09lu` seconds, or
///   `%FT%T.%09luZ` with `--utc` / the realtime clock, or local time without
///   the `Z` with `--localtime`), then `\trising\t` or `\tfalling\t`, then
///   `print_line_id`: `CHIP OFFSET` for an unnamed line, `"NAME"` for a named
///   one, `CHIP OFFSET "NAME"` when `--chip` was given; `--unquoted` drops the
///   quotes. `--banner` prints `Monitoring line(s) ...` first.
struct GpiomonEvent {
    enum Dialect: String { case v1, v2 }

    var dialect: Dialect
    var time: Int64
    var rising: Bool
    var chip: String?
    var offset: Int?
    var name: String?

    /// How the line is named in messages: `17`, `"GPIO17"`, `"GPIO17" (gpiochip0 17)`.
    var lineDescription: String {
        let position = offset.map { o in chip.map { "\($0) \(o)" } ?? "\(o)" }
        switch (name, position) {
        case (let name?, let position?): return "\"\(name)\" (\(position))"
        case (let name?, nil): return "\"\(name)\""
        case (nil, let position?): return position
        case (nil, nil): return "?"
        }
    }

    /// What to write left of `=` in a mapping for this line.
    var mappingKey: String {
        if let name { return name }
        return (chip.map { "\($0)/" } ?? "") + "\(offset ?? 0)"
    }
}

extension GpiomonEvent {
    /// Parses one line: an event, `nil` for a line that carries none (empty,
    /// the `--banner` line), or an error message.
    static func parse(_ line: UnsafeBufferPointer<UInt8>) -> Result<GpiomonEvent?, Failure> {
        let text = line.trimmingSpaces()
        if text.isEmpty || text.starts(with: "Monitoring line") { return .success(nil) }
        var cursor = ByteCursor(text)
        if cursor.consume("event:") { return parseV1(&cursor).map { $0 } }
        if let first = cursor.peek, ASCII.isDigit(first) { return parseV2(&cursor).map { $0 } }
        return .failure(Failure("expected a gpiomon event ('event:  RISING EDGE offset: N timestamp: [S.NNNNNNNNN]' or 'S.NNNNNNNNN<TAB>rising<TAB>CHIP OFFSET'), got '\(text.quotedForMessage)'"))
    }

    struct Failure: Error {
        var message: String
        init(_ message: String) { self.message = message }
    }

    private static func parseV1(_ cursor: inout ByteCursor) -> Result<GpiomonEvent, Failure> {
        cursor.skipSpaces()
        let rising: Bool
        if cursor.consume("RISING EDGE") {
            rising = true
        } else if cursor.consume("FALLING EDGE") {
            rising = false
        } else {
            return .failure(Failure("expected 'RISING EDGE' or 'FALLING EDGE' after 'event:', got '\(cursor.rest.quotedForMessage)'"))
        }
        cursor.skipSpaces()
        let offsetDigits: UnsafeBufferPointer<UInt8>
        if cursor.consume("offset:") {
            cursor.skipSpaces()
            offsetDigits = cursor.digits()
        } else {
            offsetDigits = UnsafeBufferPointer(start: nil, count: 0)
        }
        guard let offset = offsetDigits.parseNonNegativeInt64(), offset <= UInt32.max,
              cursor.skipSpaces() > 0 else {
            return .failure(Failure("expected 'offset: <line offset>' after the edge, got '\(cursor.rest.quotedForMessage)'"))
        }
        guard cursor.consume("timestamp:") else {
            return .failure(Failure("expected 'timestamp: [<seconds>.<nanoseconds>]', got '\(cursor.rest.quotedForMessage)'"))
        }
        cursor.skipSpaces()
        let bracket = cursor.consume(UInt8(ascii: "["))
        cursor.skipSpaces()
        let time = parseSeconds(&cursor)
        guard bracket, case .success(let ns) = time, cursor.consume(UInt8(ascii: "]")), cursor.isAtEnd else {
            if case .failure(let failure) = time, bracket { return .failure(failure) }
            return .failure(Failure("expected 'timestamp: [<seconds>.<nanoseconds>]' to end the line, got '\(cursor.bytes.quotedForMessage)'"))
        }
        return .success(GpiomonEvent(dialect: .v1, time: ns, rising: rising, offset: Int(offset)))
    }

    private static func parseV2(_ cursor: inout ByteCursor) -> Result<GpiomonEvent, Failure> {
        let time: Int64
        switch parseTimestampV2(&cursor) {
        case .success(let ns): time = ns
        case .failure(let failure): return .failure(failure)
        }
        guard cursor.skipSpaces() > 0 else {
            return .failure(Failure("expected a tab and 'rising' or 'falling' after the timestamp, got '\(cursor.rest.quotedForMessage)'"))
        }
        let rising: Bool
        if cursor.consume("rising") {
            rising = true
        } else if cursor.consume("falling") {
            rising = false
        } else {
            return .failure(Failure("expected 'rising' or 'falling' after the timestamp, got '\(cursor.rest.quotedForMessage)'"))
        }
        guard cursor.skipSpaces() > 0, !cursor.isAtEnd else {
            return .failure(Failure("expected the line ('CHIP OFFSET' or '\"NAME\"') after the edge, got '\(cursor.rest.quotedForMessage)'"))
        }
        var event = GpiomonEvent(dialect: .v2, time: time, rising: rising)
        // `"NAME"`, `NAME`, `CHIP OFFSET`, `CHIP OFFSET "NAME"`, `CHIP OFFSET NAME`.
        if cursor.peek != ASCII.quote {
            let first = cursor.word()
            let afterFirst = cursor.index
            cursor.skipSpaces()
            let second = cursor.digits()
            if !second.isEmpty && (cursor.isAtEnd || cursor.skipSpaces() > 0) {
                guard let offset = second.parseNonNegativeInt64(), offset <= UInt32.max else {
                    return .failure(Failure("line offset '\(second.quotedForMessage)' is too large"))
                }
                event.chip = first.string
                event.offset = Int(offset)
                if cursor.isAtEnd { return .success(event) }
            } else {
                cursor.index = afterFirst
                cursor.skipSpaces()
                guard cursor.isAtEnd else {
                    return .failure(Failure("expected 'CHIP OFFSET' or a line name after the edge, got '\(cursor.bytes.quotedForMessage)'"))
                }
                event.name = first.string
                return .success(event)
            }
        }
        let rest = cursor.rest
        if rest.first == ASCII.quote {
            guard rest.count >= 2, rest.last == ASCII.quote else {
                return .failure(Failure("unterminated quoted line name '\(rest.quotedForMessage)'"))
            }
            event.name = UnsafeBufferPointer(rebasing: rest[1..<(rest.count - 1)]).string
        } else {
            event.name = rest.string
        }
        return .success(event)
    }

    /// `S.NNNNNNNNN` (v2 default) or `YYYY-MM-DDTHH:MM:SS.NNNNNNNNNZ` (v2 `--utc`).
    private static func parseTimestampV2(_ cursor: inout ByteCursor) -> Result<Int64, Failure> {
        let start = cursor.index
        let lead = cursor.digits()
        if lead.count == 4 && cursor.peek == UInt8(ascii: "-") {
            cursor.index = start
            return parseUTC(&cursor)
        }
        cursor.index = start
        return parseSeconds(&cursor)
    }

    /// `S.N` with 1 to 9 decimals, converted exactly.
    private static func parseSeconds(_ cursor: inout ByteCursor) -> Result<Int64, Failure> {
        let start = cursor.index
        let seconds = cursor.digits()
        guard !seconds.isEmpty, cursor.consume(ASCII.dot) else {
            return .failure(Failure("expected a timestamp <seconds>.<nanoseconds>, got '\(cursor.rest.quotedForMessage)'"))
        }
        let fraction = cursor.digits()
        let text = UnsafeBufferPointer(rebasing: cursor.bytes[start..<cursor.index])
        guard !fraction.isEmpty, fraction.count <= 9 else {
            return .failure(Failure("timestamp '\(text.quotedForMessage)' must have 1 to 9 decimals"))
        }
        guard let ns = nanoseconds(seconds: seconds, fraction: fraction) else {
            return .failure(Failure("timestamp '\(text.quotedForMessage)' is \(TimeLimit.pastTheEndInSeconds)"))
        }
        return .success(ns)
    }

    private static func parseUTC(_ cursor: inout ByteCursor) -> Result<Int64, Failure> {
        let start = cursor.index
        func bad() -> Result<Int64, Failure> {
            let word = UnsafeBufferPointer(rebasing: cursor.bytes[start...]).trimmingSpaces()
            return .failure(Failure("expected a UTC timestamp YYYY-MM-DDTHH:MM:SS.NNNNNNNNNZ, got '\(word.quotedForMessage)'"))
        }
        guard let year = cursor.fixedDigits(4), cursor.consume(UInt8(ascii: "-")),
              let month = cursor.fixedDigits(2), cursor.consume(UInt8(ascii: "-")),
              let day = cursor.fixedDigits(2), cursor.consume(UInt8(ascii: "T")),
              let hour = cursor.fixedDigits(2), cursor.consume(ASCII.colon),
              let minute = cursor.fixedDigits(2), cursor.consume(ASCII.colon),
              let second = cursor.fixedDigits(2), cursor.consume(ASCII.dot) else { return bad() }
        let fraction = cursor.digits()
        guard !fraction.isEmpty, fraction.count <= 9,
              (1...12).contains(month), (1...31).contains(day), hour < 24, minute < 60, second < 61 else { return bad() }
        guard cursor.consume(UInt8(ascii: "Z")) else {
            return .failure(Failure("local time stamps (gpiomon --localtime) have no time zone; record with the default clock or --utc"))
        }
        guard year >= 1970 else { return .failure(Failure("UTC timestamp before 1970 cannot be a t_ns")) }
        var frac: Int64 = 0
        for byte in fraction { frac = frac * 10 + Int64(byte &- ASCII.zero) }
        for _ in fraction.count..<9 { frac *= 10 }
        let days = Int64(daysFromCivil(year: year, month: month, day: day))
        let seconds = ((days * 24 + Int64(hour)) * 60 + Int64(minute)) * 60 + Int64(second)
        // Dates after 2262 do not even fit in 64-bit nanoseconds.
        let (ns, o1) = seconds.multipliedReportingOverflow(by: 1_000_000_000)
        let (total, o2) = ns.addingReportingOverflow(frac)
        guard !o1 && !o2 && total <= TimeLimit.latest else {
            let text = UnsafeBufferPointer(rebasing: cursor.bytes[start..<cursor.index])
            return .failure(Failure("UTC timestamp '\(text.quotedForMessage)' is \(TimeLimit.pastTheEndInUTC)"))
        }
        return .success(total)
    }

    /// Days since 1970-01-01 of a proleptic Gregorian date (Howard Hinnant's
    /// `days_from_civil`).
    static func daysFromCivil(year: Int, month: Int, day: Int) -> Int {
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yearOfEra = y - era * 400
        let dayOfYear = (153 * (month + (month > 2 ? -3 : 9)) + 2) / 5 + day - 1
        let dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear
        return era * 146_097 + dayOfEra - 719_468
    }
}
