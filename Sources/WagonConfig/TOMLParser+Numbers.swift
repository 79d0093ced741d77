private func isDigit(_ byte: UInt8) -> Bool { byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9") }

/// Bytes that may belong to a number: digits, letters (hex digits, `e`,
/// `inf`, `nan`, prefixes), `_`, `+`, `-`, `.`.
private func isNumberByte(_ byte: UInt8) -> Bool {
    isBareKeyByte(byte) || byte == UInt8(ascii: "+") || byte == UInt8(ascii: ".")
}

extension TOMLParser {
    /// An integer, a float, or a date and/or time.
    func parseNumberOrDate() throws(ConfigError) -> TOMLValue {
        if digitCount(at: index) == 4, peek(4) == UInt8(ascii: "-") { return try parseDateTime() }
        if digitCount(at: index) == 2, peek(2) == UInt8(ascii: ":") { return try parseDateTime() }
        let start = index
        while let byte = peek(), isNumberByte(byte) { index += 1 }
        let token = Array(bytes[start..<index])
        let text = String(decoding: token, as: UTF8.self)
        let body = token.first == UInt8(ascii: "+") || token.first == UInt8(ascii: "-") ? token.dropFirst() : token[...]
        let negative = token.first == UInt8(ascii: "-")

        if body.elementsEqual("inf".utf8) { return .float(negative ? -.infinity : .infinity) }
        if body.elementsEqual("nan".utf8) { return .float(negative ? -.nan : .nan) }
        if body.count > 1, body.first == UInt8(ascii: "0"),
           let radix: UInt64 = switch body[body.startIndex + 1] {
           case UInt8(ascii: "x"): 16
           case UInt8(ascii: "o"): 8
           case UInt8(ascii: "b"): 2
           default: nil
           } {
            guard body.count == token.count else {
                throw error("'\(text)': hexadecimal, octal and binary integers take no sign", at: start)
            }
            return .integer(try prefixedInteger(body.dropFirst(2), radix: radix, text: text, at: start))
        }
        guard let first = body.first, isDigit(first) else { throw error("invalid number '\(text)'", at: start) }
        if body.contains(where: { $0 == UInt8(ascii: ".") || $0 == UInt8(ascii: "e") || $0 == UInt8(ascii: "E") }) {
            return .float(try float(token, body: body, text: text, at: start))
        }
        try checkDigits(body, text: text, at: start)
        if body.count > 1, first == UInt8(ascii: "0") {
            throw error("'\(text)': leading zeros are not allowed", at: start)
        }
        var magnitude: UInt64 = 0
        for byte in body where byte != UInt8(ascii: "_") {
            let (times, overflow1) = magnitude.multipliedReportingOverflow(by: 10)
            let (sum, overflow2) = times.addingReportingOverflow(UInt64(byte - UInt8(ascii: "0")))
            guard !overflow1, !overflow2 else { throw outOfRange(text, at: start) }
            magnitude = sum
        }
        if negative {
            guard magnitude <= UInt64(Int64.max) + 1 else { throw outOfRange(text, at: start) }
            return .integer(magnitude == UInt64(Int64.max) + 1 ? .min : -Int64(magnitude))
        }
        guard magnitude <= UInt64(Int64.max) else { throw outOfRange(text, at: start) }
        return .integer(Int64(magnitude))
    }

    private func outOfRange(_ text: String, at start: Int) -> ConfigError {
        error("'\(text)' does not fit in a 64-bit integer", at: start)
    }

    /// Digits (of `radix`) with single underscores between them.
    private func checkDigits(_ digits: ArraySlice<UInt8>, radix: UInt64 = 10, text: String,
                                      at start: Int) throws(ConfigError) {
        var previousWasDigit = false
        for byte in digits {
            if byte == UInt8(ascii: "_") {
                guard previousWasDigit else { throw error("'\(text)': '_' must stand between digits", at: start) }
                previousWasDigit = false
            } else if let value = hexValue(byte), UInt64(value) < radix {
                previousWasDigit = true
            } else {
                throw error("invalid number '\(text)'", at: start)
            }
        }
        guard previousWasDigit else {
            throw error(digits.isEmpty ? "invalid number '\(text)'" : "'\(text)': '_' must stand between digits",
                        at: start)
        }
    }

    private func prefixedInteger(_ digits: ArraySlice<UInt8>, radix: UInt64, text: String,
                                          at start: Int) throws(ConfigError) -> Int64 {
        try checkDigits(digits, radix: radix, text: text, at: start)
        var value: UInt64 = 0
        for byte in digits where byte != UInt8(ascii: "_") {
            let (times, overflow1) = value.multipliedReportingOverflow(by: radix)
            let (sum, overflow2) = times.addingReportingOverflow(UInt64(hexValue(byte)!))
            guard !overflow1, !overflow2 else { throw outOfRange(text, at: start) }
            value = sum
        }
        guard value <= UInt64(Int64.max) else { throw outOfRange(text, at: start) }
        return Int64(value)
    }

    /// `[+-] int [. digits] [e [+-] digits]`, at least one of the last two.
    private func float(_ token: [UInt8], body: ArraySlice<UInt8>, text: String,
                                at start: Int) throws(ConfigError) -> Double {
        let exponentAt = body.firstIndex { $0 == UInt8(ascii: "e") || $0 == UInt8(ascii: "E") }
        let mantissa = body[..<(exponentAt ?? body.endIndex)]
        let dot = mantissa.firstIndex(of: UInt8(ascii: "."))
        let integerPart = mantissa[..<(dot ?? mantissa.endIndex)]
        try checkDigits(integerPart, text: text, at: start)
        if integerPart.count > 1, integerPart.first == UInt8(ascii: "0") {
            throw error("'\(text)': leading zeros are not allowed", at: start)
        }
        if let dot { try checkDigits(mantissa[(dot + 1)...], text: text, at: start) }
        if let exponentAt {
            var exponent = body[(exponentAt + 1)...]
            if exponent.first == UInt8(ascii: "+") || exponent.first == UInt8(ascii: "-") { exponent = exponent.dropFirst() }
            try checkDigits(exponent, text: text, at: start)
        }
        let plain = String(decoding: token.filter { $0 != UInt8(ascii: "_") }, as: UTF8.self)
        guard let value = Double(plain), value.isFinite else {
            throw error("'\(text)' is too large for a 64-bit float", at: start)
        }
        return value
    }

    // MARK: dates and times

    private func digitCount(at offset: Int) -> Int {
        var count = 0
        while offset + count < bytes.count, isDigit(bytes[offset + count]) { count += 1 }
        return count
    }

    /// Exactly `count` digits at the current index, as a number.
    private func fixedDigits(_ count: Int, _ what: String, at start: Int) throws(ConfigError) -> Int {
        guard digitCount(at: index) >= count else { throw error("invalid \(what) (RFC 3339: 1979-05-27T07:32:00Z)", at: start) }
        var value = 0
        for _ in 0..<count {
            value = value * 10 + Int(bytes[index] - UInt8(ascii: "0"))
            index += 1
        }
        return value
    }

    private func expect(_ byte: UInt8, _ what: String, at start: Int) throws(ConfigError) {
        guard peek() == byte else { throw error("invalid \(what) (RFC 3339: 1979-05-27T07:32:00Z)", at: start) }
        index += 1
    }

    /// RFC 3339 as TOML takes it: offset date-time, local date-time, local
    /// date, local time; `T`, `t` or a space between date and time.
    func parseDateTime() throws(ConfigError) -> TOMLValue {
        let start = index
        var result = TOMLDateTime()
        if digitCount(at: index) == 4 {
            let year = try fixedDigits(4, "date", at: start)
            try expect(UInt8(ascii: "-"), "date", at: start)
            let month = try fixedDigits(2, "date", at: start)
            try expect(UInt8(ascii: "-"), "date", at: start)
            let day = try fixedDigits(2, "date", at: start)
            guard (1...12).contains(month), day >= 1, day <= daysIn(month: month, year: year) else {
                throw error("no such date: \(String(decoding: bytes[start..<index], as: UTF8.self))", at: start)
            }
            result.date = .init(year: year, month: month, day: day)
            let separator = peek()
            let timeFollows = separator == UInt8(ascii: "T") || separator == UInt8(ascii: "t")
                || (separator == 0x20 && digitCount(at: index + 1) == 2 && peek(3) == UInt8(ascii: ":"))
            guard timeFollows else { return .dateTime(result) }
            index += 1
        }
        let hour = try fixedDigits(2, "time", at: start)
        try expect(UInt8(ascii: ":"), "time", at: start)
        let minute = try fixedDigits(2, "time", at: start)
        try expect(UInt8(ascii: ":"), "time: seconds are required", at: start)
        let second = try fixedDigits(2, "time", at: start)
        var nanosecond = 0
        if peek() == UInt8(ascii: ".") {
            index += 1
            let count = digitCount(at: index)
            guard count > 0 else { throw error("invalid time: digits must follow '.'", at: start) }
            for place in 0..<count where place < 9 {
                nanosecond = nanosecond * 10 + Int(bytes[index + place] - UInt8(ascii: "0"))
            }
            for _ in count..<max(count, 9) { nanosecond *= 10 }
            index += count
        }
        guard hour < 24, minute < 60, second <= 60 else {
            throw error("no such time: \(String(decoding: bytes[start..<index], as: UTF8.self))", at: start)
        }
        result.time = .init(hour: hour, minute: minute, second: second, nanosecond: nanosecond)
        guard result.date != nil else { return .dateTime(result) }
        switch peek() {
        case UInt8(ascii: "Z"), UInt8(ascii: "z"):
            index += 1
            result.offsetMinutes = 0
        case UInt8(ascii: "+"), UInt8(ascii: "-"):
            let sign = peek() == UInt8(ascii: "-") ? -1 : 1
            index += 1
            let hours = try fixedDigits(2, "UTC offset", at: start)
            try expect(UInt8(ascii: ":"), "UTC offset", at: start)
            let minutes = try fixedDigits(2, "UTC offset", at: start)
            guard hours < 24, minutes < 60 else { throw error("no such UTC offset", at: start) }
            result.offsetMinutes = sign * (hours * 60 + minutes)
        default:
            break
        }
        return .dateTime(result)
    }
}

private func daysIn(month: Int, year: Int) -> Int {
    switch month {
    case 2: (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 ? 29 : 28
    case 4, 6, 9, 11: 30
    default: 31
    }
}
