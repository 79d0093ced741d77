import ArgumentParser
import GPIOInput
import WagonConfig

/// The chip and detector lines of commands that read GPIO live, named as
/// libgpiod's tools name them (`-c`, `-l`, `-b`, `-p`).
struct DetectorLineOptions: ParsableArguments {
    @Option(name: [.customShort("c"), .long], help: ArgumentHelp(
        "Chip: path, name, number or label. Without it each line is found by name on whichever chip has it, as gpiofind does.",
        valueName: "chip"))
    var chip: String?

    @Option(name: .customLong("line"), help: ArgumentHelp("A detector: CHANNEL=LINE, e.g. A=GPIO17 or east.B=27. Repeat for each.", valueName: "channel=line"))
    var lineSpecs: [String]

    @Flag(name: [.customShort("l"), .customLong("active-low")], help: "The lines are active-low (optocoupler inputs usually are).")
    var activeLow = false

    @Option(name: [.customShort("b"), .long], help: ArgumentHelp("Bias: as-is, disabled, pull-up or pull-down.", valueName: "bias"))
    var bias: String = "as-is"

    @Option(name: [.customShort("p"), .customLong("debounce-period")], help: ArgumentHelp(
        "Kernel debounce, ms \(OptionRange.help(Self.debounceRange)), libgpiod v2 only; best left 0.", valueName: "ms"))
    var debounce: Double = 0

    /// The site file's `debounce_ms`, in fractions of a millisecond too.
    static let debounceRange: ClosedRange<Double> = {
        let whole = SettingRange.debounceMilliseconds
        return Double(whole.lowerBound)...Double(whole.upperBound)
    }()

    /// The numeric options against their ranges, before any chip is opened.
    func checkRanges() throws {
        try requireRange("--debounce-period", debounce, Self.debounceRange, unit: " ms")
    }

    func detectorLines() throws -> [DetectorLine] {
        guard let bias = Bias(rawValue: bias) else {
            throw UsageError(message: "--bias must be as-is, disabled, pull-up or pull-down, got '\(self.bias)'")
        }
        try checkRanges()
        guard !lineSpecs.isEmpty else { throw UsageError(message: "name the detector lines with --line A=GPIO17 --line B=GPIO27") }
        return try lineSpecs.map { spec in
            let parts = spec.split(separator: "=", maxSplits: 1)
            guard parts.count == 2, !parts[1].isEmpty else {
                throw UsageError(message: "--line wants CHANNEL=LINE (e.g. A=GPIO17), got '\(spec)'")
            }
            return DetectorLine(channel: String(parts[0]), line: LineSelector(String(parts[1])), activeLow: activeLow,
                                bias: bias, debounceMicroseconds: Int(debounce * 1000))
        }
    }
}
