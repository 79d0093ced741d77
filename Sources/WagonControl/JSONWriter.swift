import WagonJSON

/// Writes one JSON object on one line, keys in the order written. Optional
/// values are written as `null`, so every key of the protocol is always there.
struct JSONWriter {
    private var text = "{"
    private var empty = true

    private mutating func key(_ name: String) {
        if !empty { text += "," }
        empty = false
        text += JSONText.quoted(name) + ":"
    }

    mutating func add(_ name: String, _ value: String?) {
        key(name)
        text += value.map(JSONText.quoted) ?? "null"
    }

    mutating func add(_ name: String, _ value: Int) { key(name); text += String(value) }

    mutating func add(_ name: String, _ value: Int64?) {
        key(name)
        text += value.map { String($0) } ?? "null"
    }

    mutating func add(_ name: String, _ value: Bool) { key(name); text += value ? "true" : "false" }

    /// The shortest text that reads back as the same Double; `null` if not finite.
    mutating func add(_ name: String, _ value: Double?) {
        key(name)
        guard let value, value.isFinite else { text += "null"; return }
        text += value == value.rounded() && abs(value) < 1e15 ? String(Int64(value)) : String(value)
    }

    mutating func add(_ name: String, strings: [String]) {
        key(name)
        text += "[" + strings.map(JSONText.quoted).joined(separator: ",") + "]"
    }

    mutating func add(_ name: String, counts: [String: Int]) {
        var object = JSONWriter()
        for member in counts.keys.sorted() { object.add(member, counts[member]!) }
        add(name, raw: object.string)
    }

    /// Already written JSON: an object or array from another writer.
    mutating func add(_ name: String, raw: String) { key(name); text += raw }

    mutating func add(_ name: String, objects: [String]) {
        add(name, raw: "[" + objects.joined(separator: ",") + "]")
    }

    var string: String { text + "}" }

}
