/// Collects what is wrong (and what is unwise) while one file is decoded.
final class Diagnostics {
    let path: String
    private(set) var errors: [ConfigError] = []
    private(set) var warnings: [ConfigWarning] = []

    init(path: String) {
        self.path = path
    }

    func location(_ position: SourcePosition) -> ConfigLocation {
        ConfigLocation(path: path, position: position)
    }

    func error(_ code: ConfigError.Code, at position: SourcePosition, _ message: String) {
        errors.append(ConfigError(code, at: location(position), message))
    }

    func append(_ more: some Sequence<ConfigError>) {
        errors.append(contentsOf: more)
    }

    func warn(at position: SourcePosition, _ message: String) {
        warnings.append(ConfigWarning(at: location(position), message))
    }
}

/// How a number is described in messages: `a number of metres`, `2 m`.
struct Unit {
    var noun: String
    var symbol: String

    static let metres = Unit(noun: "a number of metres", symbol: " m")
    static let milliseconds = Unit(noun: "a number of milliseconds", symbol: " ms")
    static let seconds = Unit(noun: "a number of seconds", symbol: " s")
    static let wholeSeconds = Unit(noun: "a whole number of seconds", symbol: " s")
    static let days = Unit(noun: "a whole number of days", symbol: " days")
    static let count = Unit(noun: "an integer", symbol: "")
}

/// One table decoded against its schema. Unknown keys are reported when it
/// is made; the getters report values of the wrong type or out of range and
/// return `nil` for them (and for missing keys).
struct Section {
    let table: TOMLTable
    /// `in [store]`, `at the top level`: where, for messages.
    let place: String
    let diagnostics: Diagnostics

    init(_ table: TOMLTable, place: String, known: [String], diagnostics: Diagnostics) {
        self.table = table
        self.place = place
        self.diagnostics = diagnostics
        for entry in table.entries where !known.contains(entry.key) {
            var message = "unknown key '\(entry.key)' \(place)"
            if let guess = closestKey(to: entry.key, in: known) { message += " (did you mean '\(guess)'?)" }
            diagnostics.error(.unknownKey, at: entry.keyPosition, message)
        }
    }

    var position: SourcePosition { table.position }

    /// Where each key given is written, for later messages.
    var locations: KeyLocations {
        KeyLocations(path: diagnostics.path, table: table.position,
                     keys: Dictionary(table.entries.map { ($0.key, $0.keyPosition) }, uniquingKeysWith: { a, _ in a }))
    }

    func location(of key: String) -> ConfigLocation {
        diagnostics.location(table[key]?.keyPosition ?? table.position)
    }

    func contains(_ key: String) -> Bool { table[key] != nil }

    /// Reports the key missing (at the table's header) unless it is there.
    @discardableResult
    func require(_ key: String) -> Bool {
        guard table[key] == nil else { return true }
        diagnostics.error(.missingKey, at: table.position, "missing required key '\(key)' \(place)")
        return false
    }

    func wrongType(_ entry: TOMLEntry, _ expected: String) {
        diagnostics.error(.wrongType, at: entry.keyPosition, "\(entry.key) must be \(expected), got \(entry.value.typeDescription)")
    }

    func invalid(_ entry: TOMLEntry, _ requirement: String, got: String) {
        diagnostics.error(.invalidValue, at: entry.keyPosition, "\(entry.key) must be \(requirement), got \(got)")
    }

    // MARK: getters

    func string(_ key: String) -> String? {
        guard let entry = table[key] else { return nil }
        guard case .string(let text) = entry.value else { wrongType(entry, "a string"); return nil }
        return text
    }

    /// A string that `isValid` accepts; `requirement` says which in the message.
    func string(_ key: String, _ requirement: String, where isValid: (String) -> Bool) -> String? {
        guard let text = string(key) else { return nil }
        guard isValid(text) else { invalid(table[key]!, requirement, got: quoted(text)); return nil }
        return text
    }

    /// A string that names a path: not empty, no NUL.
    func path(_ key: String) -> String? {
        string(key, "a path", where: { !$0.isEmpty && !$0.utf8.contains(0) })
    }

    func choice<Choice: RawRepresentable & CaseIterable>(_ key: String, _: Choice.Type) -> Choice?
    where Choice.RawValue == String {
        let names = Choice.allCases.map(\.rawValue)
        guard let text = string(key, oneOf(names), where: { Choice(rawValue: $0) != nil }) else { return nil }
        return Choice(rawValue: text)
    }

    func bool(_ key: String) -> Bool? {
        guard let entry = table[key] else { return nil }
        guard case .boolean(let value) = entry.value else { wrongType(entry, "true or false"); return nil }
        return value
    }

    /// An integer or a float within `range` (any, without one).
    func number(_ key: String, _ unit: Unit, _ range: ClosedRange<Double>? = nil) -> Double? {
        guard let entry = table[key] else { return nil }
        let value: Double
        switch entry.value {
        case .integer(let integer): value = Double(integer)
        case .float(let float): value = float
        default: wrongType(entry, unit.noun); return nil
        }
        if let range, !range.contains(value) {
            invalid(entry, "between \(format(range.lowerBound)) and \(format(range.upperBound))\(unit.symbol)",
                    got: format(value))
            return nil
        }
        return value
    }

    func integer(_ key: String, _ unit: Unit, _ range: ClosedRange<Int64>) -> Int? {
        guard let entry = table[key] else { return nil }
        guard case .integer(let value) = entry.value else { wrongType(entry, unit.noun); return nil }
        guard range.contains(value) else {
            invalid(entry, "between \(format(range.lowerBound)) and \(format(range.upperBound))\(unit.symbol)",
                    got: format(value))
            return nil
        }
        return Int(value)
    }

    /// Bytes: an integer, or a string such as `"512 MiB"`.
    func size(_ key: String, _ range: ClosedRange<Int64>) -> Int? {
        guard let entry = table[key] else { return nil }
        let requirement = "a number of bytes or a size such as \"512 MiB\""
        let bytes: Int64
        switch entry.value {
        case .integer(let value):
            bytes = value
        case .string(let text):
            guard let value = ByteSize.parse(text) else {
                invalid(entry, requirement + " (units B, KiB, MiB, GiB, TiB)", got: quoted(text))
                return nil
            }
            bytes = value
        default:
            wrongType(entry, requirement)
            return nil
        }
        guard range.contains(bytes) else {
            invalid(entry, "between \(ByteSize.format(range.lowerBound)) and \(ByteSize.format(range.upperBound))",
                    got: ByteSize.format(bytes))
            return nil
        }
        return Int(bytes)
    }

    func strings(_ key: String) -> [String]? {
        guard let entry = table[key] else { return nil }
        guard case .array(let nodes) = entry.value else { wrongType(entry, "an array of strings"); return nil }
        var result: [String] = []
        for node in nodes {
            guard case .string(let text) = node.value else {
                diagnostics.error(.wrongType, at: node.position,
                                  "\(entry.key) must be an array of strings, got \(node.value.typeDescription) in it")
                return nil
            }
            result.append(text)
        }
        return result
    }

    /// A sub-table, decoded against its own schema.
    func section(_ key: String, place: String, known: [String]) -> Section? {
        guard let entry = table[key] else { return nil }
        guard case .table(let child) = entry.value else { wrongType(entry, "a table"); return nil }
        return Section(child, place: place, known: known, diagnostics: diagnostics)
    }

    func locate<Value>(_ key: String, _ value: Value?) -> Located<Value>? {
        value.map { Located($0, at: location(of: key)) }
    }
}

/// Where a table and each key given in it are written.
public struct KeyLocations: Sendable, Hashable {
    public var path: String
    /// The table's header (line 1 for the top level).
    public var table: SourcePosition
    public var keys: [String: SourcePosition]

    public init(path: String, table: SourcePosition, keys: [String: SourcePosition] = [:]) {
        self.path = path
        self.table = table
        self.keys = keys
    }

    /// The key's place, or the table's when the key is not written (a default).
    public func location(of key: String) -> ConfigLocation {
        ConfigLocation(path: path, position: keys[key] ?? table)
    }

    public var location: ConfigLocation { ConfigLocation(path: path, position: table) }
}

// MARK: message helpers

func quoted(_ text: String) -> String {
    var result = "'"
    for scalar in text.unicodeScalars {
        if scalar.value < 0x20 || scalar.value == 0x7F {
            result += "\\u" + unicodeName(scalar.value).dropFirst(2)
        } else {
            result.unicodeScalars.append(scalar)
        }
    }
    return result + "'"
}

/// `auto, overlapping or apart`.
func oneOf(_ names: [String], _ conjunction: String = "or") -> String {
    names.count < 2 ? names.joined() : names.dropLast().joined(separator: ", ") + " \(conjunction) " + names[names.count - 1]
}

/// `0.02`, `2`, `100_000_000`: numbers as a person writes them in TOML.
func format(_ value: Double) -> String {
    if value.isFinite, value == value.rounded(), abs(value) < 1e15 { return format(Int64(value)) }
    return value.description
}

func format(_ value: Int64) -> String {
    let digits = String(value.magnitude)
    guard digits.count > 6 else { return String(value) }
    var grouped = ""
    for (offset, digit) in digits.enumerated() {
        if offset > 0, (digits.count - offset) % 3 == 0 { grouped.append("_") }
        grouped.append(digit)
    }
    return (value < 0 ? "-" : "") + grouped
}

/// The known key closest to a misspelt one, if one is close: the same but
/// for case, at most two edits apart (one for short keys), or the known key
/// less its unit suffix (`timeout` for `timeout_s`).
func closestKey(to key: String, in known: [String]) -> String? {
    if let same = known.first(where: { $0.lowercased() == key.lowercased() }) { return same }
    guard key.count >= 3 else { return nil }
    let scored = known.map { ($0, editDistance(key, $0)) }
    let best = scored.min { $0.1 < $1.1 }
    if let best, best.1 <= min(2, max(1, key.count / 3)) { return best.0 }
    return known.first { $0.hasPrefix(key + "_") && $0.count - key.count <= 5 }
}

/// Levenshtein distance over characters.
func editDistance(_ a: String, _ b: String) -> Int {
    let a = Array(a), b = Array(b)
    if a.isEmpty { return b.count }
    var previous = Array(0...b.count)
    var current = previous
    for i in 1...a.count {
        current[0] = i
        for j in stride(from: 1, through: b.count, by: 1) {
            current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1))
        }
        swap(&previous, &current)
    }
    return previous[b.count]
}
