/// The values a setting may take, wherever it is set: the site configuration
/// and the command-line flags that override it share these, so the file and
/// the flag can never disagree (docs/configuration.md gives them too).
public enum SettingRange {
    /// `min_pulse_ms`, `--min-pulse`.
    public static let minimumPulseMilliseconds: ClosedRange<Double> = 0.05...20
    /// `max_dropout_ms`, `--max-dropout`; 0 bridges nothing.
    public static let maximumDropoutMilliseconds: ClosedRange<Double> = 0...20
    public static let trainIdleDistanceMetres: ClosedRange<Double> = 5...500
    /// `train_idle_min_s`, `--train-idle`.
    public static let trainIdleMinimumSeconds: ClosedRange<Double> = 1...600
    public static let trainIdleMaximumSeconds: ClosedRange<Double> = 1...3600
    public static let silentAfterPulses: ClosedRange<Int64> = 2...1000
    public static let longOccupationSeconds: ClosedRange<Double> = 1...86400
    /// `sensor_spacing_m`: what a real counting point can have.
    public static let sensorSpacingMetres: ClosedRange<Double> = 0.02...2
    /// `debounce_ms`, `--debounce-period`: the kernel's debounce, best left 0
    /// (boards/README.md); longer would swallow short wheel pulses.
    public static let debounceMilliseconds: ClosedRange<Int64> = 0...1

    /// `0.05 to 20`: a range as help texts and messages give it.
    public static func text(_ range: ClosedRange<Double>) -> String {
        "\(plain(range.lowerBound)) to \(plain(range.upperBound))"
    }

    public static func text(_ range: ClosedRange<Int64>) -> String {
        "\(range.lowerBound) to \(range.upperBound)"
    }

    /// `20`, not `20.0`; `0.05` as written. Digits are not grouped: these
    /// are values to type on a command line.
    public static func plain(_ value: Double) -> String {
        if value.isFinite, value == value.rounded(), abs(value) < 1e15 { return String(Int64(value)) }
        return value.description
    }
}
