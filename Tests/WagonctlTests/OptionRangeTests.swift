import Foundation
import Testing

/// Every numeric option of every subcommand, set to values a typo or a
/// script produces: each run ends with a documented status, never a signal,
/// and a value outside the range the option's --help gives is a usage error
/// that names the option. Ranges come from --help, so the documentation and
/// the check are proved to agree.
@Suite struct OptionRangeTests {
    static let sweep = ["0", "-1", "1e300", "inf", "nan", "1e12", "99999999999999999999"]
    /// Success, usage, bad data, missing input, bad configuration.
    static let documentedStatuses: Set<Int32> = [0, 64, 65, 66, 78]

    static let fixture = WagonctlTests.fixtures + "/001-two-axles-ab.csv"
    /// Lines no machine has, on a chip no machine has: a value that passes
    /// its check ends at the line lookup (78), never on real hardware.
    static let noLines = ["--chip", "/nonexistent/gpiochip0", "--line", "A=NO_SUCH_LINE_A", "--line", "B=NO_SUCH_LINE_B"]
    static let noStore = ["--store", "/nonexistent/outbox.db"]

    /// Numeric options and the arguments that make a run of their command
    /// quick and offline.
    static let options: [NumericOption] = [
        geometry(of: ["replay"], rest: [fixture]),
        [NumericOption(["plot"], "--train", whole: true, rest: [fixture]), NumericOption(["plot"], "--from", rest: [fixture]),
         NumericOption(["plot"], "--span", rest: ["--from", "0", fixture]),
         NumericOption(["plot"], "--width", whole: true, rest: ["--ascii", fixture])],
        geometry(of: ["plot"], rest: [fixture]),
        [NumericOption(["simulate"], "--speed"), NumericOption(["simulate"], "--to-speed", rest: ["--profile", "accelerate"]),
         NumericOption(["simulate"], "--to-speed", rest: ["--profile", "brake"]),
         NumericOption(["simulate"], "--trains", whole: true), NumericOption(["simulate"], "--gap"),
         NumericOption(["simulate"], "--random", whole: true), NumericOption(["simulate"], "--spacing"),
         NumericOption(["simulate"], "--zone"), NumericOption(["simulate"], "--seed", whole: true)],
        [NumericOption(["sensor-test"], "--passes", whole: true, rest: noLines),
         NumericOption(["sensor-test"], "--timeout", rest: noLines),
         NumericOption(["sensor-test"], "--debounce-period", rest: noLines)],
        geometry(of: ["sensor-test"], rest: noLines),
        [NumericOption(["gpio", "monitor"], "--num-events", whole: true, rest: noLines),
         NumericOption(["gpio", "monitor"], "--idle-timeout", rest: noLines),
         NumericOption(["gpio", "monitor"], "--debounce-period", rest: noLines)],
        geometry(of: ["gpio", "monitor"], rest: noLines),
        [NumericOption(["events"], "--limit", whole: true, rest: ["--socket", "/nonexistent/control.sock"]),
         NumericOption(["queue", "list"], "--limit", whole: true, rest: noStore),
         NumericOption(["queue", "list"], "--after", whole: true, rest: noStore),
         NumericOption(["queue", "dead-letters"], "--limit", whole: true, rest: noStore)],
    ].flatMap { $0 }

    static func geometry(of command: [String], rest: [String]) -> [NumericOption] {
        ["--spacing", "--zone", "--min-pulse", "--max-dropout", "--train-idle"].map {
            NumericOption(command, $0, rest: rest)
        }
    }

    @Test(arguments: options)
    func everyValueEndsInADocumentedStatus(_ option: NumericOption) throws {
        let help = try Wagonctl.run(option.command + ["--help"]).stdout
        let range = try #require(DocumentedRange.of(option.name, in: help), "\(option) documents no range in --help")
        for value in Self.sweep {
            let run = try Wagonctl.run(option.command + ["\(option.name)=\(value)"] + option.rest)
            let context: Comment = "\(option.name)=\(value): status \(run.status), \(run.stderr)"
            #expect(Self.documentedStatuses.contains(run.status), context)
            if option.accepts(value, range) {
                #expect(run.status != 64, context)
            } else {
                #expect(run.status == 64, context)
                #expect(run.stderr.contains(option.name), context)
            }
        }
    }

    /// A new numeric option with a documented range must join the sweep.
    @Test func everyOptionWithARangeIsSwept() throws {
        let commands = Set(Self.options.map(\.command))
        for command in commands {
            let help = try Wagonctl.run(command + ["--help"]).stdout
            let swept = Set(Self.options.filter { $0.command == command }.map(\.name))
            #expect(Set(DocumentedRange.optionsWithARange(in: help)) == swept, "\(command)")
        }
    }
}

struct NumericOption: Sendable, CustomTestStringConvertible {
    var command: [String]
    var name: String
    /// Whole numbers only: a value like `1e12` is not one.
    var whole: Bool
    var rest: [String]

    init(_ command: [String], _ name: String, whole: Bool = false, rest: [String] = []) {
        self.command = command
        self.name = name
        self.whole = whole
        self.rest = rest
    }

    var testDescription: String { (["wagonctl"] + command + [name] + rest.prefix(2)).joined(separator: " ") }

    func accepts(_ value: String, _ range: ClosedRange<Double>) -> Bool {
        guard let number = Double(value), range.contains(number) else { return false }
        return !whole || Int64(value) != nil || UInt64(value) != nil
    }
}

/// An option's range as ArgumentParser's --help shows it: `(LOW to HIGH)`
/// or `(LOW or more)` somewhere in the option's (wrapped) description.
enum DocumentedRange {
    static func of(_ option: String, in help: String) -> ClosedRange<Double>? {
        entries(of: help).first { names(of: $0).contains(option) }.flatMap { range(in: $0) }
    }

    static func optionsWithARange(in help: String) -> [String] {
        entries(of: help).filter { range(in: $0) != nil }.compactMap { names(of: $0).last }
    }

    /// One string per option: its line (two spaces, then the names) and
    /// the wrapped lines after it, joined.
    private static func entries(of help: String) -> [String] {
        var entries: [String] = []
        for line in help.split(separator: "\n") {
            if line.hasPrefix("  -") {
                entries.append(String(line))
            } else if line.hasPrefix("   "), !entries.isEmpty {
                entries[entries.count - 1] += " " + line.trimmingCharacters(in: .whitespaces)
            }
        }
        return entries
    }

    /// `-n, --limit <n>` gives `-n` and `--limit`.
    private static func names(of entry: String) -> [String] {
        entry.split(separator: " ").prefix { $0.hasPrefix("-") }.map { $0.trimmingCharacters(in: [","]) }
    }

    private static func range(in entry: String) -> ClosedRange<Double>? {
        let number = "(-?[0-9][0-9.e+]*)"
        if let match = entry.firstMatch(of: try! Regex("\\(\(number) to \(number)\\)")),
           let low = match.output[1].substring.flatMap({ Double($0) }),
           let high = match.output[2].substring.flatMap({ Double($0) }) {
            return low...high
        }
        if let match = entry.firstMatch(of: try! Regex("\\(\(number) or more\\)")),
           let low = match.output[1].substring.flatMap({ Double($0) }) {
            return low...Double.infinity
        }
        return nil
    }
}
