import ArgumentParser
import PulseLog
import WagonConfig
import WagonCore

/// Counting-point geometry and thresholds, shared by commands that run the core.
struct GeometryOptions: ParsableArguments {
    @Option(name: .customLong("spacing"), help: ArgumentHelp(
        "Distance between the centres of detectors A and B, metres \(OptionRange.help(OptionRange.spacingMetres)); "
            + "default: --config, the log's sensor_spacing_m, else 0.14.",
        valueName: "metres"))
    var sensorSpacing: Double?

    @Option(name: .customLong("zone"), help: ArgumentHelp(
        "Length of rail one detector sees a wheel over, metres \(OptionRange.help(OptionRange.zoneMetres)); "
            + "default: --config, the log's detection_zone_m, else 0.12.",
        valueName: "metres"))
    var detectionZone: Double?

    @Option(help: ArgumentHelp("Zone geometry: auto, overlapping or apart (default: --config, else auto).",
                               valueName: "geometry"))
    var geometry: String?

    @Option(name: .customLong("min-pulse"), help: ArgumentHelp(
        "Shortest raw pulse taken as a wheel, ms \(OptionRange.help(SettingRange.minimumPulseMilliseconds)); "
            + "default: --config, else 0.6.", valueName: "ms"))
    var minimumPulse: Double?

    @Option(name: .customLong("max-dropout"), help: ArgumentHelp(
        "Longest gap bridged inside a wheel pulse, ms \(OptionRange.help(SettingRange.maximumDropoutMilliseconds)); "
            + "0 bridges none; default: --config, else 0.6.", valueName: "ms"))
    var maximumDropout: Double?

    @Option(name: .customLong("train-idle"), help: ArgumentHelp(
        "Shortest quiet time that closes a train, seconds \(OptionRange.help(SettingRange.trainIdleMinimumSeconds)); "
            + "default: --config, else 10.", valueName: "s"))
    var minimumIdle: Double?

    @Option(name: .customLong("config"), help: ArgumentHelp(
        "A site configuration (wagond.toml): its point's geometry and thresholds; flags override them.",
        valueName: "file"))
    var configPath: String?

    @Option(name: .customLong("point"), help: ArgumentHelp(
        "The [[point]] of --config to take, when it has several.", valueName: "name"))
    var pointName: String?

    /// Settings from, in order of precedence: flags, the site configuration's
    /// point, the log's metadata, the defaults.
    func settings(metadata: PulseLogMetadata = PulseLogMetadata()) throws -> CountingPointSettings {
        try checkRanges()
        var settings = CountingPointSettings()
        var fromConfig: Set<String> = []
        if let configPath {
            // The board profile is not needed to count: not looked up, so a
            // site's file replays on any machine.
            let site = try SiteConfiguration(contentsOf: configPath, options: .init(resolveBoard: false))
            let point = try choosePoint(of: site)
            settings = point.settings(site.thresholds)
            fromConfig = Set(point.source.keys.keys)
        } else if pointName != nil {
            throw UsageError(message: "--point needs --config")
        }
        // The log's metadata may say what a flag would, within the flag's
        // range; outside it the log is bad data, reported at its line.
        func metadataValue(_ key: String, _ range: ClosedRange<Double>) throws -> Double? {
            guard !fromConfig.contains(key), let text = metadata[key] else { return nil }
            guard let number = Double(text), range.contains(number) else {
                let (low, high) = (SettingRange.plain(range.lowerBound), SettingRange.plain(range.upperBound))
                throw metadata.badValue(of: key, "\(key) must be between \(low) and \(high) m, got '\(text)'")
            }
            return number
        }
        let spacing = try sensorSpacing ?? metadataValue("sensor_spacing_m", OptionRange.spacingMetres)
            ?? settings.sensorSpacing
        let zone = try detectionZone ?? metadataValue("detection_zone_m", OptionRange.zoneMetres) ?? settings.detectionZone
        var zoneGeometry = settings.geometry
        if let geometry {
            guard let chosen = ZoneGeometry(rawValue: geometry) else {
                throw UsageError(message: "geometry must be auto, overlapping or apart, got '\(geometry)'")
            }
            zoneGeometry = chosen
        }
        var result = CountingPointSettings(sensorSpacing: spacing, detectionZone: zone, geometry: zoneGeometry)
        result.debounce = settings.debounce
        result.closing = settings.closing
        result.health = settings.health
        // The site file's conversions: the same value means the same in both.
        typealias Thresholds = SiteConfiguration.Thresholds
        if let minimumPulse { result.debounce.minimumPulse = Thresholds.nanoseconds(milliseconds: minimumPulse) }
        if let maximumDropout { result.debounce.maximumDropout = Thresholds.dropout(milliseconds: maximumDropout) }
        if let minimumIdle {
            result.closing.minimumIdle = Thresholds.nanoseconds(seconds: minimumIdle)
            result.closing.maximumIdle = max(result.closing.maximumIdle, result.closing.minimumIdle)
        }
        return result
    }

    /// Every flag against its range; commands that open hardware call this
    /// before they do, so a typo never waits for a GPIO line.
    func checkRanges() throws {
        try requireRange("--spacing", sensorSpacing, OptionRange.spacingMetres, unit: " m")
        try requireRange("--zone", detectionZone, OptionRange.zoneMetres, unit: " m")
        try requireRange("--min-pulse", minimumPulse, SettingRange.minimumPulseMilliseconds, unit: " ms")
        try requireRange("--max-dropout", maximumDropout, SettingRange.maximumDropoutMilliseconds, unit: " ms")
        try requireRange("--train-idle", minimumIdle, SettingRange.trainIdleMinimumSeconds, unit: " s")
    }

    private func choosePoint(of site: SiteConfiguration) throws -> SiteConfiguration.Point {
        let names = site.points.map(\.name).joined(separator: ", ")
        if let pointName {
            guard let point = site.points.first(where: { $0.name == pointName }) else {
                throw UsageError(message: "--point: \(site.path) has no [[point]] named '\(pointName)' (it has \(names))")
            }
            return point
        }
        guard site.points.count == 1 else {
            throw UsageError(message: "\(site.path) has \(site.points.count) points (\(names)): choose one with --point")
        }
        return site.points[0]
    }
}
