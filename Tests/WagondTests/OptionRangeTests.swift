import Foundation
import Testing
import TestSupport

/// wagond's numeric options, set to values a typo or a script produces:
/// each start ends with a documented status, never a signal, and a value
/// outside the range --help gives is a usage error (64) naming the option.
/// A value inside it goes on to the configuration, which is missing (78):
/// no daemon is left running.
@Suite struct WagondOptionRangeTests {
    static let sweep = ["0", "-1", "1e300", "inf", "nan", "1e12", "99999999999999999999"]
    static let missingConfig = ["--config", "/nonexistent/wagond.toml"]

    /// The option and whether it takes whole numbers only.
    @Test(arguments: [("--speedup", false), ("--seed", true)])
    func everyValueEndsInADocumentedStatus(_ option: String, whole: Bool) throws {
        let help = try runCapturing(WagondProcess.binary, ["--help"]).stdout
        let range = try #require(documentedRange(of: option, in: help), "\(option) documents no range in --help")
        for value in Self.sweep {
            let run = try runCapturing(WagondProcess.binary, ["\(option)=\(value)"] + Self.missingConfig)
            let context: Comment = "\(option)=\(value): status \(run.status), \(run.stderr)"
            let number = Double(value)!
            let accepted = range.contains(number) && (!whole || UInt64(value) != nil)
            if accepted {
                #expect(run.status == 78, context)
            } else {
                #expect(run.status == 64, context)
                #expect(run.stderr.contains(option), context)
            }
        }
    }

    /// `(LOW to HIGH)` in the option's description, which ArgumentParser
    /// wraps onto the lines after the option's own.
    private func documentedRange(of option: String, in help: String) -> ClosedRange<Double>? {
        var entry: String?
        for line in help.split(separator: "\n") {
            if line.hasPrefix("  -") {
                if entry != nil { break }
                if line.split(separator: " ").first == Substring(option) { entry = String(line) }
            } else if line.hasPrefix("   "), entry != nil {
                entry! += " " + line.trimmingCharacters(in: .whitespaces)
            }
        }
        let number = "([0-9][0-9.e+]*)"
        guard let entry, let match = entry.firstMatch(of: try! Regex("\\(\(number) to \(number)[);]")),
              let low = match.output[1].substring.flatMap({ Double($0) }),
              let high = match.output[2].substring.flatMap({ Double($0) }) else { return nil }
        return low...high
    }
}
