/// A TOML value. Tables and arrays hold their children with positions.
public enum TOMLValue: Sendable, Equatable {
    case string(String)
    case integer(Int64)
    case float(Double)
    case boolean(Bool)
    case dateTime(TOMLDateTime)
    /// A static array (`[1, 2]`) or an array of tables (`[[point]]`).
    case array([TOMLNode])
    case table(TOMLTable)

    /// `a string`, `an integer`...: what messages say a value is.
    public var typeDescription: String {
        switch self {
        case .string: "a string"
        case .integer: "an integer"
        case .float: "a float"
        case .boolean: "a boolean"
        case .dateTime: "a date-time"
        case .array: "an array"
        case .table: "a table"
        }
    }
}

/// A value and where it starts.
public struct TOMLNode: Sendable, Equatable {
    public var value: TOMLValue
    public var position: SourcePosition

    public init(_ value: TOMLValue, at position: SourcePosition) {
        self.value = value
        self.position = position
    }
}

/// One `key = value` of a table (or a sub-table or array of tables it holds).
public struct TOMLEntry: Sendable, Equatable {
    /// The key's last part: `c` of `a.b.c = 1`.
    public var key: String
    /// Where that part of the key is written; for a table made by a header,
    /// the header's key.
    public var keyPosition: SourcePosition
    public var node: TOMLNode

    public var value: TOMLValue { node.value }
}

/// A TOML table: its entries in document order.
public struct TOMLTable: Sendable, Equatable {
    /// How the table came to be, which decides what may still extend it.
    public enum Kind: Sendable, Hashable {
        /// The document itself.
        case root
        /// `[name]`.
        case header
        /// Named on the way to a deeper header (`a` of `[a.b]`) and never defined itself.
        case implicit
        /// Made by a dotted key (`a` of `a.b = 1`).
        case dotted
        /// `{ ... }`.
        case inline
        /// One `[[name]]` element.
        case arrayElement
    }

    public var kind: Kind
    /// The header (`[store]`, `[[point]]`), the dotted key or the `{`; line 1
    /// column 1 for the root.
    public var position: SourcePosition
    public var entries: [TOMLEntry]

    public init(kind: Kind, position: SourcePosition, entries: [TOMLEntry] = []) {
        self.kind = kind
        self.position = position
        self.entries = entries
    }

    public subscript(key: String) -> TOMLEntry? {
        entries.first { $0.key == key }
    }

    public var keys: [String] { entries.map(\.key) }
}

/// A TOML date, time, or both, with an optional UTC offset. Fractions of a
/// second beyond nanoseconds are truncated.
public struct TOMLDateTime: Sendable, Hashable, CustomStringConvertible {
    public struct Date: Sendable, Hashable {
        public var year: Int
        public var month: Int
        public var day: Int

        public init(year: Int, month: Int, day: Int) {
            (self.year, self.month, self.day) = (year, month, day)
        }
    }

    public struct Time: Sendable, Hashable {
        public var hour: Int
        public var minute: Int
        public var second: Int
        public var nanosecond: Int

        public init(hour: Int, minute: Int, second: Int, nanosecond: Int = 0) {
            (self.hour, self.minute, self.second, self.nanosecond) = (hour, minute, second, nanosecond)
        }
    }

    public var date: Date?
    public var time: Time?
    /// Minutes east of UTC (`Z` is 0); `nil` for local dates and times.
    public var offsetMinutes: Int?

    public init(date: Date? = nil, time: Time? = nil, offsetMinutes: Int? = nil) {
        self.date = date
        self.time = time
        self.offsetMinutes = offsetMinutes
    }

    /// RFC 3339 form: `1979-05-27T07:32:00.5-07:00`.
    public var description: String {
        func digits(_ value: Int, _ count: Int) -> String {
            let text = String(value)
            return String(repeating: "0", count: max(0, count - text.count)) + text
        }
        var parts: [String] = []
        if let date { parts.append("\(digits(date.year, 4))-\(digits(date.month, 2))-\(digits(date.day, 2))") }
        if let time {
            var text = "\(digits(time.hour, 2)):\(digits(time.minute, 2)):\(digits(time.second, 2))"
            if time.nanosecond > 0 {
                var fraction = digits(time.nanosecond, 9)
                while fraction.hasSuffix("0") { fraction.removeLast() }
                text += "." + fraction
            }
            if let offsetMinutes {
                if offsetMinutes == 0 {
                    text += "Z"
                } else {
                    let magnitude = abs(offsetMinutes)
                    text += (offsetMinutes < 0 ? "-" : "+") + digits(magnitude / 60, 2) + ":" + digits(magnitude % 60, 2)
                }
            }
            parts.append(text)
        }
        return parts.joined(separator: "T")
    }
}
