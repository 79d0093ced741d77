/// A strict RFC 8259 reader over UTF-8 bytes: the primitives (strings,
/// numbers, literals, skipping any value) that `JSONValue` builds its tree
/// from and that a streaming reader (the test collector's batch reader) uses
/// directly. Strict means: no trailing commas, no comments, no lone
/// surrogates, no control characters in strings, no leading zeros, a
/// bounded depth. Errors carry the byte offset where the text went wrong.
public struct JSONReader {
    /// How deep values may nest.
    public let maxDepth: Int

    private let bytes: [UInt8]
    public private(set) var position = 0

    /// Fails unless `bytes` is valid UTF-8, so raw slices can become Strings as they are.
    public init(_ bytes: [UInt8], maxDepth: Int = 64) throws(JSONError) {
        guard String(validating: bytes, as: UTF8.self) != nil else {
            throw JSONError(offset: nil, message: "not valid UTF-8")
        }
        self.bytes = bytes
        self.maxDepth = maxDepth
    }

    public var isAtEnd: Bool { position == bytes.count }

    /// The text from `start` to the current position, as it was written.
    public func text(from start: Int) -> String { String(decoding: bytes[start..<position], as: UTF8.self) }

    public func error(_ message: String, at offset: Int? = nil) -> JSONError {
        JSONError(offset: offset ?? position, message: message)
    }

    public mutating func skipWhitespace() {
        while position < bytes.count {
            switch bytes[position] {
            case 0x20, 0x09, 0x0A, 0x0D: position += 1
            default: return
            }
        }
    }

    /// Consumes `byte` after optional whitespace if it is next.
    public mutating func consume(_ byte: UInt8) -> Bool {
        skipWhitespace()
        guard position < bytes.count, bytes[position] == byte else { return false }
        position += 1
        return true
    }

    public mutating func expect(_ byte: UInt8) throws(JSONError) {
        guard consume(byte) else { throw error("expected '\(Character(Unicode.Scalar(byte)))'") }
    }

    /// The next byte after optional whitespace, not consumed.
    public mutating func peek() -> UInt8? {
        skipWhitespace()
        return position < bytes.count ? bytes[position] : nil
    }

    /// Reads and checks any value, keeping nothing; `depth` is how deep it sits.
    public mutating func skipValue(depth: Int) throws(JSONError) {
        try checkDepth(depth)
        switch peek() {
        case UInt8(ascii: "{"):
            position += 1
            if consume(UInt8(ascii: "}")) { return }
            repeat {
                guard peek() == UInt8(ascii: "\"") else { throw error("expected a member name") }
                _ = try readString()
                try expect(UInt8(ascii: ":"))
                try skipValue(depth: depth + 1)
            } while consume(UInt8(ascii: ","))
            try expect(UInt8(ascii: "}"))
        case UInt8(ascii: "["):
            position += 1
            if consume(UInt8(ascii: "]")) { return }
            repeat { try skipValue(depth: depth + 1) } while consume(UInt8(ascii: ","))
            try expect(UInt8(ascii: "]"))
        case UInt8(ascii: "\""):
            _ = try readString()
        case UInt8(ascii: "t"): try literal("true")
        case UInt8(ascii: "f"): try literal("false")
        case UInt8(ascii: "n"): try literal("null")
        case nil: throw error("unexpected end")
        default: _ = try readNumber()
        }
    }

    /// Fails unless a value `depth` levels deep is allowed; call before reading it.
    public func checkDepth(_ depth: Int) throws(JSONError) {
        guard depth < maxDepth else { throw error("nested deeper than \(maxDepth)") }
    }

    /// `true`, `false` or `null`, exactly.
    public mutating func literal(_ word: StaticString) throws(JSONError) {
        let count = word.utf8CodeUnitCount
        guard bytes.count - position >= count,
              (0..<count).allSatisfy({ bytes[position + $0] == word.utf8Start[$0] })
        else { throw error("unexpected character") }
        position += count
    }

    /// A number's text, checked against the grammar `-?(0|[1-9]\d*)(\.\d+)?([eE][+-]?\d+)?`.
    public mutating func readNumber() throws(JSONError) -> String {
        skipWhitespace()
        let start = position
        _ = take(UInt8(ascii: "-"))
        if take(UInt8(ascii: "0")) {
            if let next = current, isDigit(next) { throw error("leading zero") }
        } else {
            guard takeDigits() else { throw error("expected a value") }
        }
        if take(UInt8(ascii: ".")) {
            guard takeDigits() else { throw error("expected digits after '.'") }
        }
        if take(UInt8(ascii: "e")) || take(UInt8(ascii: "E")) {
            if !take(UInt8(ascii: "+")) { _ = take(UInt8(ascii: "-")) }
            guard takeDigits() else { throw error("expected exponent digits") }
        }
        return text(from: start)
    }

    /// A string's value, escapes decoded.
    public mutating func readString() throws(JSONError) -> String {
        skipWhitespace()
        guard take(UInt8(ascii: "\"")) else { throw error("expected a string") }
        var value: [UInt8] = []
        while true {
            guard let byte = current else { throw error("unterminated string") }
            position += 1
            switch byte {
            case UInt8(ascii: "\""):
                return String(decoding: value, as: UTF8.self)
            case UInt8(ascii: "\\"):
                try readEscape(into: &value)
            case 0..<0x20:
                position -= 1
                throw error("control character in a string")
            default:
                value.append(byte)
            }
        }
    }

    private mutating func readEscape(into value: inout [UInt8]) throws(JSONError) {
        guard let byte = current else { throw error("unterminated string") }
        position += 1
        switch byte {
        case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"): value.append(byte)
        case UInt8(ascii: "b"): value.append(0x08)
        case UInt8(ascii: "f"): value.append(0x0C)
        case UInt8(ascii: "n"): value.append(0x0A)
        case UInt8(ascii: "r"): value.append(0x0D)
        case UInt8(ascii: "t"): value.append(0x09)
        case UInt8(ascii: "u"):
            var scalar = try readHex4()
            if (0xD800...0xDBFF).contains(scalar) {
                guard take(UInt8(ascii: "\\")), take(UInt8(ascii: "u")) else { throw error("lone high surrogate") }
                let low = try readHex4()
                guard (0xDC00...0xDFFF).contains(low) else { throw error("high surrogate without a low one") }
                scalar = 0x10000 + ((scalar - 0xD800) << 10) + (low - 0xDC00)
            } else if (0xDC00...0xDFFF).contains(scalar) {
                throw error("lone low surrogate")
            }
            // Surrogates are excluded above, so this is always a valid scalar.
            value.append(contentsOf: Array(String(Character(Unicode.Scalar(scalar)!)).utf8))
        default:
            position -= 1
            throw error("unknown escape")
        }
    }

    private mutating func readHex4() throws(JSONError) -> UInt32 {
        var scalar: UInt32 = 0
        for _ in 0..<4 {
            guard let byte = current, let digit = hexValue(byte) else { throw error("expected 4 hex digits") }
            scalar = scalar << 4 | digit
            position += 1
        }
        return scalar
    }

    private var current: UInt8? { position < bytes.count ? bytes[position] : nil }

    private mutating func take(_ byte: UInt8) -> Bool {
        guard current == byte else { return false }
        position += 1
        return true
    }

    private mutating func takeDigits() -> Bool {
        let start = position
        while let byte = current, isDigit(byte) { position += 1 }
        return position > start
    }

    private func isDigit(_ byte: UInt8) -> Bool { byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9") }

    private func hexValue(_ byte: UInt8) -> UInt32? {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): UInt32(byte - UInt8(ascii: "0"))
        case UInt8(ascii: "a")...UInt8(ascii: "f"): UInt32(byte - UInt8(ascii: "a") + 10)
        case UInt8(ascii: "A")...UInt8(ascii: "F"): UInt32(byte - UInt8(ascii: "A") + 10)
        default: nil
        }
    }
}
