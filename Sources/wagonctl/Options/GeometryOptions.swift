import ArgumentParser
import WagonCore

/// Counting-point geometry and thresholds, shared by commands that run the core.
struct GeometryOptions: ParsableArguments {
    @Option(name: .customLong("spacing"), help: ArgumentHelp(
        "Distance between the centres of detectors A and B, metres (default: the log's sensor_spacing_m, else 0.14).",
        valueName: "metres"))
    var sensorSpacing: Double?

    @Option(name: .customLong("zone"), help: ArgumentHelp(
        "Length of rail one detector sees a wheel over, metres (default: the log's detection_zone_m, else 0.12).",
        valueName: "metres"))
    var detectionZone: Double?

    @Option(help: ArgumentHelp("Zone geometry: auto, overlapping or apart.", valueName: "geometry"))
    var geometry: String = "auto"

    @Option(name: .customLong("min-pulse"), help: ArgumentHelp(
        "Shortest raw pulse taken as a wheel, ms (shorter ones are spikes).", valueName: "ms"))
    var minimumPulse: Double = 0.6

    @Option(name: .customLong("max-dropout"), help: ArgumentHelp(
        "Longest gap bridged inside a wheel pulse, ms.", valueName: "ms"))
    var maximumDropout: Double = 0.6

    @Option(name: .customLong("train-idle"), help: ArgumentHelp(
        "Shortest quiet time that closes a train, seconds (longer for slow trains).", valueName: "s"))
    var minimumIdle: Double = 10

    @Option(name: .customLong("config"), help: ArgumentHelp(
        "A geometry file (key = value lines; see docs/replay.md); flags override it.", valueName: "file"))
    var configPath: String?

    /// Settings from, in order of precedence: flags, the config file, the
    /// log's metadata, the defaults.
    func settings(metadata: [String: String]) throws -> CountingPointSettings {
        var file: [String: String] = [:]
        if let configPath { file = try GeometryConfigFile.load(configPath) }
        func value(_ flag: Double?, _ key: String, default fallback: Double) throws -> Double {
            if let flag { return flag }
            if let text = file[key] ?? metadata[key] {
                guard let number = Double(text), number > 0, number.isFinite else {
                    throw UsageError(message: "\(key) must be a positive number of metres, got '\(text)'")
                }
                return number
            }
            return fallback
        }
        let spacing = try value(sensorSpacing, "sensor_spacing_m", default: 0.14)
        let zone = try value(detectionZone, "detection_zone_m", default: 0.12)
        let geometryName = file["geometry"] ?? geometry
        guard let zoneGeometry = ZoneGeometry(rawValue: geometryName) else {
            throw UsageError(message: "geometry must be auto, overlapping or apart, got '\(geometryName)'")
        }
        guard sensorSpacing.map({ $0 > 0 }) ?? true, detectionZone.map({ $0 > 0 }) ?? true,
              minimumPulse > 0, maximumDropout > 0, minimumIdle > 0 else {
            throw UsageError(message: "--spacing, --zone, --min-pulse, --max-dropout and --train-idle must be positive")
        }
        var settings = CountingPointSettings(sensorSpacing: spacing, detectionZone: zone, geometry: zoneGeometry)
        settings.debounce = DebounceSettings(minimumPulse: Nanoseconds(minimumPulse * 1e6),
                                             maximumDropout: Nanoseconds(maximumDropout * 1e6))
        settings.closing.minimumIdle = Nanoseconds(minimumIdle * 1e9)
        settings.closing.maximumIdle = max(settings.closing.maximumIdle, settings.closing.minimumIdle)
        return settings
    }
}
