/// One JSON value, as the control protocol's reader sees it. Numbers keep
/// their text, so a 19-digit nanosecond time is read exactly, never through
/// a Double.
public enum JSONValue: Sendable, Equatable {
    case null
    case bool(Bool)
    case number(String)
    case string(String)
    case array([JSONValue])
    case object([String: JSONValue])

    /// Parses one JSON text (RFC 8259, strictly: no trailing commas, no
    /// comments, no duplicate keys, no lone surrogates, no control characters
    /// in strings, no leading zeros, at most `JSONParser.maxDepth` levels).
    public static func parse(_ bytes: some Collection<UInt8>) throws(ControlError) -> JSONValue {
        var parser = try JSONParser(Array(bytes))
        let value = try parser.value(depth: 0)
        parser.skipWhitespace()
        guard parser.isAtEnd else { throw parser.error("unexpected text after the value") }
        return value
    }

    /// What a value is, for error messages.
    var kind: String {
        switch self {
        case .null: "null"
        case .bool: "a boolean"
        case .number: "a number"
        case .string: "a string"
        case .array: "an array"
        case .object: "an object"
        }
    }
}

/// The reader behind `JSONValue.parse`: a recursive descent over UTF-8 bytes.
struct JSONParser {
    static let maxDepth = 32

    private let bytes: [UInt8]
    private var position = 0

    init(_ bytes: [UInt8]) throws(ControlError) {
        guard String(validating: bytes, as: UTF8.self) != nil else {
            throw ControlError(.badRequest, "malformed JSON: not valid UTF-8")
        }
        self.bytes = bytes
    }

    var isAtEnd: Bool { position == bytes.count }

    func error(_ message: String) -> ControlError {
        ControlError(.badRequest, "malformed JSON at byte \(position): \(message)")
    }

    mutating func skipWhitespace() {
        while let byte = current, byte == 0x20 || byte == 0x09 || byte == 0x0A || byte == 0x0D { position += 1 }
    }

    mutating func value(depth: Int) throws(ControlError) -> JSONValue {
        guard depth < Self.maxDepth else { throw error("nested deeper than \(Self.maxDepth)") }
        skipWhitespace()
        switch current {
        case UInt8(ascii: "{"):
            position += 1
            var members: [String: JSONValue] = [:]
            skipWhitespace()
            if take(UInt8(ascii: "}")) { return .object(members) }
            repeat {
                skipWhitespace()
                let start = position
                let key = try string()
                try expect(UInt8(ascii: ":"))
                let member = try value(depth: depth + 1)
                guard members.updateValue(member, forKey: key) == nil else {
                    position = start
                    throw error("duplicate key \"\(key)\"")
                }
                skipWhitespace()
            } while take(UInt8(ascii: ","))
            try expect(UInt8(ascii: "}"))
            return .object(members)
        case UInt8(ascii: "["):
            position += 1
            var elements: [JSONValue] = []
            skipWhitespace()
            if take(UInt8(ascii: "]")) { return .array(elements) }
            repeat {
                elements.append(try value(depth: depth + 1))
                skipWhitespace()
            } while take(UInt8(ascii: ","))
            try expect(UInt8(ascii: "]"))
            return .array(elements)
        case UInt8(ascii: "\""): return .string(try string())
        case UInt8(ascii: "t"): try literal("true"); return .bool(true)
        case UInt8(ascii: "f"): try literal("false"); return .bool(false)
        case UInt8(ascii: "n"): try literal("null"); return .null
        case nil: throw error("unexpected end")
        default: return .number(try number())
        }
    }

    private mutating func expect(_ byte: UInt8) throws(ControlError) {
        skipWhitespace()
        guard take(byte) else { throw error("expected '\(Character(Unicode.Scalar(byte)))'") }
    }

    private mutating func literal(_ word: StaticString) throws(ControlError) {
        let count = word.utf8CodeUnitCount
        guard bytes.count - position >= count,
              (0..<count).allSatisfy({ bytes[position + $0] == word.utf8Start[$0] })
        else { throw error("unexpected character") }
        position += count
    }

    /// `-?(0|[1-9]\d*)(\.\d+)?([eE][+-]?\d+)?`, returned as written.
    private mutating func number() throws(ControlError) -> String {
        let start = position
        _ = take(UInt8(ascii: "-"))
        if take(UInt8(ascii: "0")) {
            if let next = current, isDigit(next) { throw error("leading zero") }
        } else if !takeDigits() {
            throw error("expected a value")
        }
        if take(UInt8(ascii: ".")), !takeDigits() { throw error("expected digits after '.'") }
        if take(UInt8(ascii: "e")) || take(UInt8(ascii: "E")) {
            if !take(UInt8(ascii: "+")) { _ = take(UInt8(ascii: "-")) }
            guard takeDigits() else { throw error("expected exponent digits") }
        }
        return String(decoding: bytes[start..<position], as: UTF8.self)
    }

    private mutating func string() throws(ControlError) -> String {
        guard take(UInt8(ascii: "\"")) else { throw error("expected a string") }
        var value: [UInt8] = []
        while true {
            guard let byte = current else { throw error("unterminated string") }
            switch byte {
            case UInt8(ascii: "\""):
                position += 1
                return String(decoding: value, as: UTF8.self)
            case UInt8(ascii: "\\"):
                position += 1
                try escape(into: &value)
            case 0..<0x20:
                throw error("control character in a string")
            default:
                position += 1
                value.append(byte)
            }
        }
    }

    private mutating func escape(into value: inout [UInt8]) throws(ControlError) {
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
            var scalar = try hex4()
            if (0xD800...0xDBFF).contains(scalar) {
                guard take(UInt8(ascii: "\\")), take(UInt8(ascii: "u")) else { throw error("lone high surrogate") }
                let low = try hex4()
                guard (0xDC00...0xDFFF).contains(low) else { throw error("high surrogate without a low one") }
                scalar = 0x10000 + ((scalar - 0xD800) << 10) + (low - 0xDC00)
            } else if (0xDC00...0xDFFF).contains(scalar) {
                throw error("lone low surrogate")
            }
            guard let unicode = Unicode.Scalar(scalar) else { throw error("invalid escape") }
            value.append(contentsOf: String(Character(unicode)).utf8)
        default:
            position -= 1
            throw error("unknown escape")
        }
    }

    private mutating func hex4() throws(ControlError) -> UInt32 {
        var scalar: UInt32 = 0
        for _ in 0..<4 {
            guard let byte = current, let digit = Self.hexValue(byte) else { throw error("expected 4 hex digits") }
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

    private static func hexValue(_ byte: UInt8) -> UInt32? {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): UInt32(byte - UInt8(ascii: "0"))
        case UInt8(ascii: "a")...UInt8(ascii: "f"): UInt32(byte - UInt8(ascii: "a") + 10)
        case UInt8(ascii: "A")...UInt8(ascii: "F"): UInt32(byte - UInt8(ascii: "A") + 10)
        default: nil
        }
    }
}
