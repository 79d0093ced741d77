/// Small byte-level helpers shared by the readers: ASCII constants, decimal
/// parsing without `String`, and quoting bytes for error messages.
enum ASCII {
    static let newline: UInt8 = 0x0A
    static let carriageReturn: UInt8 = 0x0D
    static let tab: UInt8 = 0x09
    static let space: UInt8 = 0x20
    static let comma: UInt8 = 0x2C
    static let hash: UInt8 = 0x23
    static let dot: UInt8 = 0x2E
    static let colon: UInt8 = 0x3A
    static let dollar: UInt8 = 0x24
    static let quote: UInt8 = 0x22
    static let zero: UInt8 = 0x30
    static let one: UInt8 = 0x31

    @inline(__always)
    static func isDigit(_ byte: UInt8) -> Bool { byte &- zero < 10 }

    @inline(__always)
    static func isSpace(_ byte: UInt8) -> Bool { byte == space || byte == tab }

    /// Letters, digits, `_`, `-` and `.`: the characters of metadata keys.
    static func isKeyByte(_ byte: UInt8) -> Bool {
        isDigit(byte) || (byte | 0x20) &- 0x61 < 26 || byte == 0x5F || byte == 0x2D || byte == dot
    }
}

extension UnsafeBufferPointer where Element == UInt8 {
    /// The value of an unsigned decimal number that fits in `Int64`; `nil`
    /// when empty, not all digits, or too large. Leading zeros are allowed.
    func parseNonNegativeInt64() -> Int64? {
        guard !isEmpty else { return nil }
        var value: Int64 = 0
        for byte in self {
            guard ASCII.isDigit(byte) else { return nil }
            let (times10, o1) = value.multipliedReportingOverflow(by: 10)
            let (sum, o2) = times10.addingReportingOverflow(Int64(byte &- ASCII.zero))
            if o1 || o2 { return nil }
            value = sum
        }
        return value
    }

    /// True when every byte is an ASCII digit (and there is at least one).
    var isAllDigits: Bool { !isEmpty && allSatisfy(ASCII.isDigit) }

    /// The bytes with leading and trailing spaces and tabs removed.
    func trimmingSpaces() -> UnsafeBufferPointer<UInt8> {
        var lower = 0, upper = count
        while lower < upper && ASCII.isSpace(self[lower]) { lower += 1 }
        while upper > lower && ASCII.isSpace(self[upper - 1]) { upper -= 1 }
        return UnsafeBufferPointer(rebasing: self[lower..<upper])
    }

    func starts(with literal: StaticString) -> Bool {
        let n = literal.utf8CodeUnitCount
        guard count >= n else { return false }
        let p = literal.utf8Start
        for i in 0..<n where self[i] != p[i] { return false }
        return true
    }

    func equals(_ literal: StaticString) -> Bool {
        count == literal.utf8CodeUnitCount && starts(with: literal)
    }

    var string: String { String(decoding: self, as: UTF8.self) }

    /// The bytes for a message: printable ASCII as is, anything else escaped
    /// as `\xNN`, cut after 60 bytes so that junk cannot flood a terminal.
    var quotedForMessage: String { quote(self) }
}

/// See `UnsafeBufferPointer.quotedForMessage`.
func quote(_ bytes: some Collection<UInt8>) -> String {
    let hex: [Character] = Array("0123456789abcdef")
    var text = ""
    var n = 0
    for byte in bytes {
        if n == 60 {
            text += "..."
            break
        }
        if byte >= 0x20 && byte < 0x7F && byte != 0x5C {
            text.unicodeScalars.append(Unicode.Scalar(byte))
        } else {
            text += "\\x"
            text.append(hex[Int(byte >> 4)])
            text.append(hex[Int(byte & 15)])
        }
        n += 1
    }
    return text
}

/// Splits a number of seconds given as integer digits and fraction digits
/// (at most 9) into nanoseconds, exactly; `nil` past `TimeLimit.latest`
/// (including what would not fit `Int64`).
func nanoseconds(seconds: UnsafeBufferPointer<UInt8>, fraction: UnsafeBufferPointer<UInt8>) -> Int64? {
    guard fraction.count <= 9, let whole = seconds.parseNonNegativeInt64() else { return nil }
    var frac: Int64 = 0
    for byte in fraction {
        guard ASCII.isDigit(byte) else { return nil }
        frac = frac * 10 + Int64(byte &- ASCII.zero)
    }
    for _ in fraction.count..<9 { frac *= 10 }
    let (ns, o1) = whole.multipliedReportingOverflow(by: 1_000_000_000)
    let (total, o2) = ns.addingReportingOverflow(frac)
    return o1 || o2 || total > TimeLimit.latest ? nil : total
}
