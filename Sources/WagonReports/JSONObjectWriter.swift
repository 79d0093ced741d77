import WagonJSON

/// Builds one JSON object on one line, keys in the order written. Enough
/// JSON for our line-oriented outputs without pulling in Foundation.
public struct JSONObjectWriter {
    private var text = "{"
    private var empty = true

    public init() {}

    private mutating func key(_ name: String) {
        if !empty { text += "," }
        empty = false
        text += JSONText.quoted(name) + ":"
    }

    public mutating func add(_ name: String, _ value: String) { key(name); text += JSONText.quoted(value) }
    public mutating func add(_ name: String, _ value: Int) { key(name); text += String(value) }
    public mutating func add(_ name: String, _ value: Int64) { key(name); text += String(value) }
    public mutating func add(_ name: String, _ value: Bool) { key(name); text += value ? "true" : "false" }
    /// A number with a fixed count of decimals; `null` if not finite.
    public mutating func add(_ name: String, _ value: Double, decimals: Int) {
        key(name)
        text += value.isFinite ? Decimal.fixed(value, decimals: decimals) : "null"
    }
    public mutating func add(_ name: String, strings: [String]) {
        key(name)
        text += "[" + strings.map(JSONText.quoted).joined(separator: ",") + "]"
    }
    /// Adds pre-rendered JSON (an object or array written by this type).
    public mutating func add(_ name: String, raw: String) { key(name); text += raw }

    public var string: String { text + "}" }

}

/// Fixed-point number formatting without Foundation.
public enum Decimal {
    /// `fixed(45.678, decimals: 1)` is `"45.7"`.
    public static func fixed(_ value: Double, decimals: Int) -> String {
        guard value.isFinite else { return value.isNaN ? "nan" : (value < 0 ? "-inf" : "inf") }
        var scale = 1.0
        for _ in 0..<decimals { scale *= 10 }
        let scaled = (abs(value) * scale).rounded()
        guard scaled < 9e18 else { return String(value) }
        let units = UInt64(scaled)
        let whole = units / UInt64(scale)
        var text = (value < 0 && units > 0 ? "-" : "") + String(whole)
        if decimals > 0 {
            let fraction = String(units % UInt64(scale))
            text += "." + String(repeating: "0", count: decimals - fraction.count) + fraction
        }
        return text
    }
}
