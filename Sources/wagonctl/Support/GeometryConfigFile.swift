import PulseLog
import WagonCore

/// An error in a configuration file, as `FILE:LINE: message` (exit 78).
struct ConfigError: Error, CustomStringConvertible {
    var path: String
    var line: Int?
    var message: String
    var description: String { line.map { "\(path):\($0): \(message)" } ?? "\(path): \(message)" }
}

/// The small geometry file `wagonctl replay --config` reads until the
/// daemon's configuration exists: `key = value` lines, `#` comments.
///
/// ```
/// sensor_spacing_m = 0.14
/// detection_zone_m = 0.12
/// geometry = "overlapping"
/// ```
enum GeometryConfigFile {
    static let keys = ["sensor_spacing_m", "detection_zone_m", "geometry"]

    static func load(_ path: String) throws -> [String: String] {
        let text: String
        do { text = try readWholeFile(path) } catch {
            throw ConfigError(path: path, line: nil, message: "cannot read: \(error)")
        }
        var values: [String: String] = [:]
        for (index, raw) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let line = raw.split(separator: "#", maxSplits: 1, omittingEmptySubsequences: false)[0]
            let trimmed = line.trimmingSpaces
            if trimmed.isEmpty { continue }
            let parts = trimmed.split(separator: "=", maxSplits: 1)
            guard parts.count == 2 else {
                throw ConfigError(path: path, line: index + 1, message: "expected 'key = value', got '\(trimmed)'")
            }
            let key = parts[0].trimmingSpaces
            var value = parts[1].trimmingSpaces
            if value.count >= 2, value.hasPrefix("\""), value.hasSuffix("\"") { value = String(value.dropFirst().dropLast()) }
            guard keys.contains(key) else {
                throw ConfigError(path: path, line: index + 1,
                                  message: "unknown key '\(key)' (expected one of \(keys.joined(separator: ", ")))")
            }
            if key != "geometry" {
                guard let number = Double(value), number > 0, number.isFinite else {
                    throw ConfigError(path: path, line: index + 1, message: "\(key) must be a positive number of metres, got '\(value)'")
                }
            } else if ZoneGeometry(rawValue: value) == nil {
                throw ConfigError(path: path, line: index + 1, message: "geometry must be auto, overlapping or apart, got '\(value)'")
            }
            guard values[key] == nil else {
                throw ConfigError(path: path, line: index + 1, message: "\(key) is set twice")
            }
            values[key] = value
        }
        return values
    }
}

extension StringProtocol {
    var trimmingSpaces: String {
        String(drop { $0 == " " || $0 == "\t" || $0 == "\r" }.reversed().drop { $0 == " " || $0 == "\t" || $0 == "\r" }.reversed())
    }
}
