private let quote = UInt8(ascii: "\""), apostrophe = UInt8(ascii: "'"), backslash = UInt8(ascii: "\\")
private let lineFeed: UInt8 = 0x0A, carriageReturn: UInt8 = 0x0D, space: UInt8 = 0x20, tab: UInt8 = 0x09

extension TOMLParser {
    /// `"..."` on one line, with escapes.
    func parseBasicString() throws(ConfigError) -> String {
        let open = index
        index += 1
        var text: [UInt8] = []
        while true {
            switch peek() {
            case nil, lineFeed, carriageReturn:
                throw error("unterminated string: no closing '\"' on its line (\"\"\" starts a multi-line string)",
                            at: open)
            case quote:
                index += 1
                return String(decoding: text, as: UTF8.self)
            case backslash:
                try parseEscape(into: &text)
            case let byte?:
                try checkStringByte(byte)
                text.append(byte)
                index += 1
                // The plain run that follows, at once.
                let bytes = self.bytes
                var offset = index
                while offset < bytes.count, bytes[offset] >= 0x20, bytes[offset] != quote, bytes[offset] != backslash,
                      bytes[offset] != 0x7F {
                    offset += 1
                }
                text.append(contentsOf: bytes[index..<offset])
                index = offset
            }
        }
    }

    /// `'...'` on one line, as written.
    func parseLiteralString() throws(ConfigError) -> String {
        let open = index
        index += 1
        let start = index
        while true {
            switch peek() {
            case nil, lineFeed, carriageReturn:
                throw error("unterminated string: no closing \"'\" on its line (''' starts a multi-line string)",
                            at: open)
            case apostrophe:
                index += 1
                return String(decoding: bytes[start..<(index - 1)], as: UTF8.self)
            case let byte?:
                try checkStringByte(byte)
                index += 1
            }
        }
    }

    /// `"""..."""` (with escapes) or `'''...'''` (without). A line break
    /// right after the opening delimiter is dropped, CRLF becomes LF, and in
    /// the basic form a backslash at the end of a line drops the line break
    /// and the blanks that follow.
    func parseMultilineString(quote delimiter: UInt8) throws(ConfigError) -> String {
        let open = index
        let isLiteral = delimiter == apostrophe
        let closing = isLiteral ? "'''" : "\"\"\""
        index += 3
        if peek() == lineFeed {
            index += 1
        } else if peek() == carriageReturn, peek(1) == lineFeed {
            index += 2
        }
        var text: [UInt8] = []
        while true {
            guard let byte = peek() else {
                throw error("unterminated multi-line string: no closing \(closing) before the end of the file", at: open)
            }
            switch byte {
            case delimiter:
                var run = 1
                while peek(run) == delimiter { run += 1 }
                if run < 3 {
                    text.append(contentsOf: repeatElement(delimiter, count: run))
                    index += run
                    continue
                }
                guard run <= 5 else {
                    throw error("\(run) quotes in a row in a multi-line string (at most two may end it)")
                }
                text.append(contentsOf: repeatElement(delimiter, count: run - 3))
                index += run
                return String(decoding: text, as: UTF8.self)
            case backslash where !isLiteral:
                var ahead = 1
                while let next = peek(ahead), next == space || next == tab { ahead += 1 }
                if peek(ahead) == lineFeed || (peek(ahead) == carriageReturn && peek(ahead + 1) == lineFeed) {
                    index += ahead
                    while let next = peek() {
                        if next == space || next == tab || next == lineFeed {
                            index += 1
                        } else if next == carriageReturn, peek(1) == lineFeed {
                            index += 2
                        } else {
                            break
                        }
                    }
                } else {
                    try parseEscape(into: &text)
                }
            case carriageReturn:
                guard peek(1) == lineFeed else { throw error("a carriage return must be followed by a line feed") }
                text.append(lineFeed)
                index += 2
            case lineFeed:
                text.append(lineFeed)
                index += 1
            default:
                try checkStringByte(byte)
                text.append(byte)
                index += 1
            }
        }
    }

    /// Control characters other than tab must be escaped.
    private func checkStringByte(_ byte: UInt8) throws(ConfigError) {
        if (byte < 0x20 && byte != tab) || byte == 0x7F {
            throw error("\(describe(index)) in a string (write it as an escape such as \\u\(unicodeName(UInt32(byte)).dropFirst(2)))")
        }
    }

    /// At a backslash: appends the character it stands for.
    private func parseEscape(into text: inout [UInt8]) throws(ConfigError) {
        let start = index
        let simple: UInt8? = switch peek(1) {
        case UInt8(ascii: "b"): 0x08
        case UInt8(ascii: "t"): 0x09
        case UInt8(ascii: "n"): 0x0A
        case UInt8(ascii: "f"): 0x0C
        case UInt8(ascii: "r"): 0x0D
        case quote: quote
        case backslash: backslash
        default: nil
        }
        if let simple {
            text.append(simple)
            index += 2
            return
        }
        let digits: Int
        switch peek(1) {
        case UInt8(ascii: "u"): digits = 4
        case UInt8(ascii: "U"): digits = 8
        default:
            let what = peek(1).map { $0 >= 0x21 && $0 < 0x7F ? "\\" + String(UnicodeScalar($0)) : "'\\' followed by \(describe(index + 1))" }
                ?? "'\\' at the end of the file"
            throw error("invalid escape \(what) (TOML has \\b \\t \\n \\f \\r \\\" \\\\ \\uXXXX \\UXXXXXXXX)", at: start)
        }
        var value: UInt32 = 0
        for offset in 2..<(2 + digits) {
            guard let byte = peek(offset), let digit = hexValue(byte) else {
                throw error("\\\(digits == 4 ? "u" : "U") needs \(digits) hexadecimal digits", at: start)
            }
            value = value << 4 | UInt32(digit)
        }
        guard let scalar = Unicode.Scalar(value) else {
            throw error("\\\(digits == 4 ? "u" : "U")\(String(value, radix: 16, uppercase: true)) is not a Unicode scalar value", at: start)
        }
        UTF8.encode(scalar) { text.append($0) }
        index += 2 + digits
    }
}

func hexValue(_ byte: UInt8) -> UInt8? {
    switch byte {
    case UInt8(ascii: "0")...UInt8(ascii: "9"): byte - UInt8(ascii: "0")
    case UInt8(ascii: "a")...UInt8(ascii: "f"): byte - UInt8(ascii: "a") + 10
    case UInt8(ascii: "A")...UInt8(ascii: "F"): byte - UInt8(ascii: "A") + 10
    default: nil
    }
}
