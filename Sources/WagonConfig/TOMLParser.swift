/// One part of a dotted key, with where it is written.
struct KeyPart {
    var name: String
    var position: SourcePosition
}

/// `A-Z a-z 0-9 _ -`: the bytes of a bare key.
func isBareKeyByte(_ byte: UInt8) -> Bool {
    // Comparisons, not range patterns: those stay generic calls in debug builds.
    (byte >= 0x61 && byte <= 0x7A) || (byte >= 0x41 && byte <= 0x5A) || (byte >= 0x30 && byte <= 0x39)
        || byte == 0x5F || byte == 0x2D
}

/// A recursive-descent TOML 1.0 reader over bytes. Syntax errors are thrown;
/// redefinitions are collected in `problems` and parsing goes on. A class,
/// used once, so that its helpers share one state without copies.
final class TOMLParser {
    let bytes: [UInt8]
    let path: String
    var index = 0
    private(set) var problems: [ConfigError] = []
    let root: TableBuilder
    private var current: TableBuilder
    /// Byte offsets where lines start, for positions.
    private let lineStarts: [Int]
    /// The last position computed, to count columns forward from it.
    private var cache = (index: 0, line: 0, column: 1)

    init(bytes: [UInt8], path: String) {
        self.bytes = bytes
        self.path = path
        var starts = [0]
        var offset = 0
        while offset < bytes.count {
            if bytes[offset] == 0x0A { starts.append(offset + 1) }
            offset += 1
        }
        lineStarts = starts
        root = TableBuilder(kind: .root, position: SourcePosition(line: 1, column: 1), depth: 0)
        current = root
    }

    // MARK: positions and errors

    func position(_ offset: Int) -> SourcePosition {
        let offset = min(offset, bytes.count)
        var low = 0, high = lineStarts.count - 1
        while low < high {
            let middle = (low + high + 1) / 2
            if lineStarts[middle] <= offset { low = middle } else { high = middle - 1 }
        }
        var from = lineStarts[low], column = 1
        if cache.line == low, cache.index <= offset { (from, column) = (cache.index, cache.column) }
        for byte in bytes[from..<offset] where byte & 0xC0 != 0x80 { column += 1 }
        cache = (offset, low, column)
        return SourcePosition(line: low + 1, column: column)
    }

    func error(_ message: String, at offset: Int? = nil) -> ConfigError {
        let place = position(offset ?? index)
        return ConfigError(.syntax, path: path, line: place.line, column: place.column, message: message)
    }

    func report(_ code: ConfigError.Code, at place: SourcePosition, _ message: String) {
        problems.append(ConfigError(code, path: path, line: place.line, column: place.column, message: message))
    }

    /// `'x'`, `the end of the line`, `the end of the file`: what stands at `offset`.
    func describe(_ offset: Int) -> String {
        guard offset < bytes.count else { return "the end of the file" }
        let byte = bytes[offset]
        if byte == 0x0A || byte == 0x0D { return "the end of the line" }
        if byte < 0x20 || byte == 0x7F { return "control character \(unicodeName(UInt32(byte)))" }
        var end = offset + 1
        while end < bytes.count, bytes[end] & 0xC0 == 0x80 { end += 1 }
        return "'" + String(decoding: bytes[offset..<end], as: UTF8.self) + "'"
    }

    func peek(_ ahead: Int = 0) -> UInt8? {
        index + ahead < bytes.count ? bytes[index + ahead] : nil
    }

    func startsWith(_ text: StaticString) -> Bool {
        let count = text.utf8CodeUnitCount
        guard index + count <= bytes.count else { return false }
        return text.withUTF8Buffer { prefix in (0..<count).allSatisfy { bytes[index + $0] == prefix[$0] } }
    }

    // MARK: the document

    func parseDocument() throws(ConfigError) {
        if let offset = firstInvalidUTF8(bytes) { throw error("invalid UTF-8 (TOML files are UTF-8 text)", at: offset) }
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { index = 3 }  // a byte-order mark
        while true {
            skipBlanks()
            guard let byte = peek() else { return }
            switch byte {
            case UInt8(ascii: "#"), 0x0A, 0x0D:
                try finishLine(after: "")
            case UInt8(ascii: "["):
                try parseHeader()
                try finishLine(after: "the table header")
            default:
                try parseKeyValue(into: current)
                try finishLine(after: "the value")
            }
        }
    }

    func skipBlanks() {
        var offset = index
        while offset < bytes.count, bytes[offset] == 0x20 || bytes[offset] == 0x09 { offset += 1 }
        index = offset
    }

    /// Blanks, then an optional comment, then a line break or the end.
    func finishLine(after what: String) throws(ConfigError) {
        skipBlanks()
        if peek() == UInt8(ascii: "#") { try skipComment() }
        guard let byte = peek() else { return }
        if byte == 0x0A || byte == 0x0D {
            try skipLineBreak()
        } else {
            throw error("unexpected \(describe(index)) after \(what)")
        }
    }

    /// `\n` or `\r\n`; a lone `\r` is an error.
    func skipLineBreak() throws(ConfigError) {
        if peek() == 0x0D {
            guard peek(1) == 0x0A else { throw error("a carriage return must be followed by a line feed") }
            index += 1
        }
        index += 1
    }

    /// From `#` to the end of the line, which it leaves.
    func skipComment() throws(ConfigError) {
        // Local copies: the hot loop of a well-commented file, fast in debug builds too.
        let bytes = self.bytes
        var offset = index + 1
        while offset < bytes.count {
            let byte = bytes[offset]
            if byte == 0x0A || byte == 0x0D { break }
            if (byte < 0x20 && byte != 0x09) || byte == 0x7F {
                throw error("\(describe(offset)) in a comment", at: offset)
            }
            offset += 1
        }
        index = offset
    }

    /// Blanks, line breaks and comments, as arrays allow between values.
    func skipArraySpace() throws(ConfigError) {
        while true {
            skipBlanks()
            switch peek() {
            case UInt8(ascii: "#"): try skipComment()
            case 0x0A, 0x0D: try skipLineBreak()
            default: return
            }
        }
    }

    // MARK: keys and tables

    func parseKey() throws(ConfigError) -> [KeyPart] {
        var parts: [KeyPart] = []
        while true {
            skipBlanks()
            let start = index
            let name = try parseSimpleKey()
            parts.append(KeyPart(name: name, position: position(start)))
            guard parts.count <= TOMLDocument.maximumDepth else {
                throw error("a key with more than \(TOMLDocument.maximumDepth) parts", at: start)
            }
            skipBlanks()
            guard peek() == UInt8(ascii: ".") else { return parts }
            index += 1
        }
    }

    func parseSimpleKey() throws(ConfigError) -> String {
        switch peek() {
        case UInt8(ascii: "\""):
            if startsWith("\"\"\"") { throw error("a key cannot be a multi-line string") }
            return try parseBasicString()
        case UInt8(ascii: "'"):
            if startsWith("'''") { throw error("a key cannot be a multi-line string") }
            return try parseLiteralString()
        default:
            let start = index
            while let byte = peek(), isBareKeyByte(byte) { index += 1 }
            guard index > start else { throw error("expected a key, found \(describe(index))") }
            return String(decoding: bytes[start..<index], as: UTF8.self)
        }
    }

    func parseKeyValue(into table: TableBuilder) throws(ConfigError) {
        let key = try parseKey()
        guard table.depth + key.count <= TOMLDocument.maximumDepth else {
            throw error("tables nested deeper than \(TOMLDocument.maximumDepth) levels")
        }
        guard peek() == UInt8(ascii: "=") else {
            throw error("expected '=' after the key '\(dottedName(key))', found \(describe(index))")
        }
        index += 1
        skipBlanks()
        let start = index
        let value = try parseValue(depth: table.depth + key.count)
        assign(key, TOMLNode(value, at: position(start)), in: table)
    }

    func parseHeader() throws(ConfigError) {
        let start = index
        index += 1
        let isArray = peek() == UInt8(ascii: "[")
        if isArray { index += 1 }
        let key = try parseKey()
        guard peek() == UInt8(ascii: "]") else {
            throw error("expected '\(isArray ? "]]" : "]")' to close the table header, found \(describe(index))")
        }
        index += 1
        if isArray {
            guard peek() == UInt8(ascii: "]") else {
                throw error("expected ']]' to close the array-of-tables header, found \(describe(index))")
            }
            index += 1
        }
        current = define(key, isArray: isArray, at: position(start))
    }

    // MARK: values

    func parseValue(depth: Int) throws(ConfigError) -> TOMLValue {
        guard depth <= TOMLDocument.maximumDepth else {
            throw error("arrays and tables nested deeper than \(TOMLDocument.maximumDepth) levels")
        }
        guard let byte = peek() else { throw error("expected a value, found the end of the file") }
        switch byte {
        case UInt8(ascii: "\""):
            return .string(startsWith("\"\"\"") ? try parseMultilineString(quote: byte) : try parseBasicString())
        case UInt8(ascii: "'"):
            return .string(startsWith("'''") ? try parseMultilineString(quote: byte) : try parseLiteralString())
        case UInt8(ascii: "["):
            return try parseArray(depth: depth)
        case UInt8(ascii: "{"):
            return try parseInlineTable(depth: depth)
        case UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "+"), UInt8(ascii: "-"):
            return try parseNumberOrDate()
        default:
            let start = index
            while let next = peek(), isBareKeyByte(next) || next == UInt8(ascii: ".") { index += 1 }
            let word = String(decoding: bytes[start..<index], as: UTF8.self)
            switch word {
            case "true": return .boolean(true)
            case "false": return .boolean(false)
            case "inf": return .float(.infinity)
            case "nan": return .float(.nan)
            case "": throw error("expected a value, found \(describe(start))", at: start)
            default:
                let hint = byte >= UInt8(ascii: "A") ? " (strings need quotes)" : ""
                throw error("expected a value, found '\(word)'\(hint)", at: start)
            }
        }
    }

    func parseArray(depth: Int) throws(ConfigError) -> TOMLValue {
        let open = index
        index += 1
        var elements: [TOMLNode] = []
        while true {
            try skipArraySpace()
            guard let byte = peek() else { throw error("the array opened here is never closed with ']'", at: open) }
            if byte == UInt8(ascii: "]") {
                index += 1
                return .array(elements)
            }
            let start = index
            let value = try parseValue(depth: depth + 1)
            elements.append(TOMLNode(value, at: position(start)))
            try skipArraySpace()
            switch peek() {
            case UInt8(ascii: ","):
                index += 1
            case UInt8(ascii: "]"):
                index += 1
                return .array(elements)
            case nil:
                throw error("the array opened here is never closed with ']'", at: open)
            default:
                throw error("expected ',' or ']' in the array, found \(describe(index))")
            }
        }
    }

    func parseInlineTable(depth: Int) throws(ConfigError) -> TOMLValue {
        let table = TableBuilder(kind: .inline, position: position(index), depth: depth)
        index += 1
        skipBlanks()
        if peek() == UInt8(ascii: "}") {
            index += 1
            return .table(table.build())
        }
        while true {
            skipBlanks()
            if peek() == 0x0A || peek() == 0x0D {
                throw error("an inline table must be on one line (use a [table] for more)")
            }
            try parseKeyValue(into: table)
            skipBlanks()
            switch peek() {
            case UInt8(ascii: ","):
                index += 1
                skipBlanks()
                if peek() == UInt8(ascii: "}") { throw error("no comma may follow the last key of an inline table") }
            case UInt8(ascii: "}"):
                index += 1
                return .table(table.build())
            case 0x0A, 0x0D:
                throw error("an inline table must be on one line (use a [table] for more)")
            case nil:
                throw error("expected '}' to close the inline table, found the end of the file")
            default:
                throw error("expected ',' or '}' in the inline table, found \(describe(index))")
            }
        }
    }
}

/// `U+001B`.
func unicodeName(_ value: UInt32) -> String {
    let hex = String(value, radix: 16, uppercase: true)
    return "U+" + String(repeating: "0", count: max(0, 4 - hex.count)) + hex
}

/// The offset of the first byte that is not well-formed UTF-8, if any.
func firstInvalidUTF8(_ bytes: [UInt8]) -> Int? {
    var offset = 0
    while offset < bytes.count {
        let lead = bytes[offset]
        if lead < 0x80 { offset += 1; continue }
        let length: Int, minimum: UInt32
        switch lead {
        case 0xC2...0xDF: (length, minimum) = (2, 0x80)
        case 0xE0...0xEF: (length, minimum) = (3, 0x800)
        case 0xF0...0xF4: (length, minimum) = (4, 0x10000)
        default: return offset
        }
        guard offset + length <= bytes.count else { return offset }
        var scalar = UInt32(lead) & (0xFF >> UInt32(length + 1))
        for next in bytes[(offset + 1)..<(offset + length)] {
            guard next & 0xC0 == 0x80 else { return offset }
            scalar = scalar << 6 | UInt32(next & 0x3F)
        }
        guard scalar >= minimum, scalar <= 0x10FFFF, !(0xD800...0xDFFF).contains(scalar) else { return offset }
        offset += length
    }
    return nil
}
