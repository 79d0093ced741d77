import WagonCore

/// Which input line (a GPIO line in gpiomon output, a signal in a VCD file)
/// is which channel, and whether it is wired active-low.
///
/// Written by users as a compact string, comma-separated entries
/// `LINE=CHANNEL[:OPTION]`:
///
/// - `LINE` is a line offset (`17`) or a name (`GPIO17`, `D0`, `top.probe`),
///   optionally qualified by the chip (gpiomon) or scope (VCD) before a `/`:
///   `gpiochip0/17`, `1/17` (the same as `gpiochip1/17`), `libsigrok/D0`.
///   A number also matches a VCD signal or GPIO line literally named so.
/// - `CHANNEL` is a pulse-log channel: `A`, `B`, `<point>.A`, `<point>.B`.
/// - `OPTION` is `active-low` (a rising edge means the detector became free,
///   so levels are inverted) or `active-high` (the default).
///
/// Spaces around entries, `=` and `:` are ignored. Examples: `17=A,27=B`,
/// `GPIO17=east.A:active-low, GPIO27=east.B:active-low`,
/// `gpiochip1/4=west.A,gpiochip1/5=west.B`.
public struct LineMapping: Sendable, Equatable, CustomStringConvertible {
    public enum Line: Sendable, Hashable, CustomStringConvertible {
        case offset(Int)
        case name(String)

        public var description: String {
            switch self {
            case .offset(let n): return "\(n)"
            case .name(let s): return s
            }
        }
    }

    public struct Entry: Sendable, Equatable, CustomStringConvertible {
        public var line: Line
        /// The chip (`gpiochipN`) or VCD scope the line must be on; `nil` for any.
        public var chip: String?
        public var channel: String
        public var activeLow: Bool

        public init(line: Line, chip: String? = nil, channel: String, activeLow: Bool = false) {
            self.line = line
            self.chip = chip
            self.channel = channel
            self.activeLow = activeLow
        }

        /// The entry as it would be written in a mapping string.
        public var description: String {
            (chip.map { "\($0)/" } ?? "") + "\(line)=\(channel)" + (activeLow ? ":active-low" : "")
        }
    }

    public var entries: [Entry]

    public init(entries: [Entry]) {
        self.entries = entries
    }

    /// Parses the compact syntax described on the type.
    public init(parsing text: String) throws(LineMappingError) {
        var entries: [Entry] = []
        for part in text.split(separator: ",", omittingEmptySubsequences: false) {
            let item = part.trimmed
            guard !item.isEmpty else {
                throw LineMappingError(mapping: text, message: "empty entry (expected LINE=CHANNEL, for example 17=A)")
            }
            let sides = item.split(separator: "=", omittingEmptySubsequences: false)
            guard sides.count == 2 else {
                throw LineMappingError(mapping: text, message: "'\(item)' is not LINE=CHANNEL (for example 17=A or GPIO17=east.A)")
            }
            let (line, chip) = try Self.parseLine(sides[0].trimmed, in: text)
            let right = sides[1].split(separator: ":", omittingEmptySubsequences: false).map(\.trimmed)
            let channel = right[0]
            var probe = ChannelTable()
            guard probe.detector(forChannel: channel) != nil else {
                throw LineMappingError(mapping: text, message: "'\(channel)' is not a channel (expected A, B or <point>.A/<point>.B)")
            }
            var activeLow = false
            switch right.count {
            case 1: break
            case 2 where right[1] == "active-low": activeLow = true
            case 2 where right[1] == "active-high": activeLow = false
            default:
                throw LineMappingError(mapping: text, message: "unknown option in '\(item)' (expected :active-low or :active-high)")
            }
            let entry = Entry(line: line, chip: chip, channel: channel, activeLow: activeLow)
            if let twin = entries.first(where: { $0.line == line && $0.chip == chip }) {
                throw LineMappingError(mapping: text, message: "line \(entry.lineDescription) is mapped twice (to \(twin.channel) and \(channel))")
            }
            if let twin = entries.first(where: { $0.channel == channel }) {
                throw LineMappingError(mapping: text, message: "channel \(channel) is mapped twice (from \(twin.lineDescription) and \(entry.lineDescription))")
            }
            entries.append(entry)
        }
        self.entries = entries
    }

    public var description: String { entries.map(\.description).joined(separator: ",") }

    /// `gpiochip0`, `0` and `/dev/gpiochip0` name the same chip, as in libgpiod.
    static func normalizedChip(_ chip: String) -> String {
        if !chip.isEmpty && chip.utf8.allSatisfy(ASCII.isDigit) { return "gpiochip" + chip }
        if chip.hasPrefix("/dev/") { return String(chip.dropFirst(5)) }
        return chip
    }

    private static func parseLine(_ text: String, in mapping: String) throws(LineMappingError) -> (Line, String?) {
        var chip: String?
        var lineText = text
        if let slash = text.lastIndex(of: "/") {
            chip = normalizedChip(String(text[..<slash]).trimmed)
            lineText = String(text[text.index(after: slash)...]).trimmed
            if chip!.isEmpty {
                throw LineMappingError(mapping: mapping, message: "empty chip before '/' in '\(text)'")
            }
        }
        guard !lineText.isEmpty else {
            throw LineMappingError(mapping: mapping, message: "missing line before '=' in '\(text)'")
        }
        guard !lineText.contains(where: { $0 == " " || $0 == "\t" || $0 == "\"" }) else {
            throw LineMappingError(mapping: mapping, message: "line name '\(lineText)' must not contain spaces or quotes")
        }
        if lineText.utf8.allSatisfy(ASCII.isDigit) {
            guard let offset = Int(lineText), offset <= Int(UInt32.max) else {
                throw LineMappingError(mapping: mapping, message: "line offset \(lineText) is too large")
            }
            return (.offset(offset), chip)
        }
        return (.name(lineText), chip)
    }
}

extension LineMapping.Entry {
    var lineDescription: String { (chip.map { "\($0)/" } ?? "") + "\(line)" }
}

/// A malformed `LineMapping` string: a usage error (sysexits 64), not bad data.
public struct LineMappingError: Error, CustomStringConvertible, Sendable, Equatable {
    public var mapping: String
    public var message: String

    public var description: String { "invalid line mapping '\(mapping)': \(message)" }
}

extension StringProtocol {
    var trimmed: String {
        let text = String(self)
        let scalars = text.unicodeScalars
        guard let first = scalars.firstIndex(where: { $0 != " " && $0 != "\t" }) else { return "" }
        let last = scalars.lastIndex(where: { $0 != " " && $0 != "\t" })!
        return String(text[first...last])
    }
}
