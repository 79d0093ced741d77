import ArgumentParser
import PulseLog

/// `-F/--format` and `-m/--map`, shared by the commands that read pulse logs.
struct LogFormatOptions: ParsableArguments {
    @Option(name: [.customShort("F"), .long], help: ArgumentHelp("Input format: auto, native, gpiomon or vcd.", valueName: "format"))
    var format: String = "auto"

    @Option(name: [.customShort("m"), .customLong("map")], help: ArgumentHelp(
        "Map gpiomon lines or VCD signals to channels, e.g. '17=A,27=B' or 'GPIO17=east.A:active-low,GPIO27=east.B'.",
        valueName: "mapping"))
    var mapping: String?

    /// The format to read (nil: detect it) and the mapping, or a usage error.
    func parsed() throws -> (format: PulseLogFormat?, mapping: LineMapping?) {
        let lineMapping = try mapping.map { text -> LineMapping in
            do { return try LineMapping(parsing: text) } catch { throw UsageError(message: "--map: \(error)") }
        }
        if format == "auto" { return (nil, lineMapping) }
        guard let chosen = PulseLogFormat(rawValue: format) else {
            throw UsageError(message: "--format must be auto, native, gpiomon or vcd, got '\(format)'")
        }
        return (chosen, lineMapping)
    }
}
