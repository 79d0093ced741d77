/// One JSON value. Numbers keep their text, so a 19-digit nanosecond time
/// is read exactly, never through a Double.
public enum JSONValue: Sendable, Equatable {
    case null
    case bool(Bool)
    case number(String)
    case string(String)
    case array([JSONValue])
    case object([String: JSONValue])

    /// Parses one JSON text strictly (see `JSONReader`), with no duplicate
    /// keys and at most `maxDepth` levels.
    public static func parse(_ bytes: some Collection<UInt8>, maxDepth: Int = 32) throws(JSONError) -> JSONValue {
        var reader = try JSONReader(Array(bytes), maxDepth: maxDepth)
        let value = try read(&reader, depth: 0)
        reader.skipWhitespace()
        guard reader.isAtEnd else { throw reader.error("unexpected text after the value") }
        return value
    }

    /// What a value is, for error messages.
    public var kind: String {
        switch self {
        case .null: "null"
        case .bool: "a boolean"
        case .number: "a number"
        case .string: "a string"
        case .array: "an array"
        case .object: "an object"
        }
    }

    private static func read(_ reader: inout JSONReader, depth: Int) throws(JSONError) -> JSONValue {
        try reader.checkDepth(depth)
        switch reader.peek() {
        case UInt8(ascii: "{"):
            try reader.expect(UInt8(ascii: "{"))
            var members: [String: JSONValue] = [:]
            if reader.consume(UInt8(ascii: "}")) { return .object(members) }
            repeat {
                reader.skipWhitespace()
                let start = reader.position
                let key = try reader.readString()
                try reader.expect(UInt8(ascii: ":"))
                let member = try read(&reader, depth: depth + 1)
                guard members.updateValue(member, forKey: key) == nil else {
                    throw reader.error("duplicate key \"\(key)\"", at: start)
                }
            } while reader.consume(UInt8(ascii: ","))
            try reader.expect(UInt8(ascii: "}"))
            return .object(members)
        case UInt8(ascii: "["):
            try reader.expect(UInt8(ascii: "["))
            var elements: [JSONValue] = []
            if reader.consume(UInt8(ascii: "]")) { return .array(elements) }
            repeat { elements.append(try read(&reader, depth: depth + 1)) } while reader.consume(UInt8(ascii: ","))
            try reader.expect(UInt8(ascii: "]"))
            return .array(elements)
        case UInt8(ascii: "\""): return .string(try reader.readString())
        case UInt8(ascii: "t"): try reader.literal("true"); return .bool(true)
        case UInt8(ascii: "f"): try reader.literal("false"); return .bool(false)
        case UInt8(ascii: "n"): try reader.literal("null"); return .null
        case nil: throw reader.error("unexpected end")
        default: return .number(try reader.readNumber())
        }
    }
}
