#if canImport(Glibc)
import Glibc
#endif

/// `--name value` flags, the only kind these benchmarks take. Unknown flags,
/// missing values and bad numbers print the usage and exit 64 (sysexits).
public struct Options {
    private var values: [String: String] = [:]
    private let usage: String

    public init(_ arguments: [String] = Array(CommandLine.arguments.dropFirst()), usage: String, flags: Set<String>) {
        self.usage = usage
        var remaining = arguments[...]
        while let flag = remaining.popFirst() {
            if flag == "-h" || flag == "--help" {
                print(usage)
                exit(0)
            }
            guard flags.contains(flag), let value = remaining.popFirst() else {
                Self.fail(flags.contains(flag) ? "\(flag) needs a value" : "unknown argument '\(flag)'", usage: usage)
            }
            values[flag] = value
        }
    }

    public func string(_ flag: String) -> String? { values[flag] }

    public func int(_ flag: String, default value: Int, minimum: Int = 1) -> Int {
        guard let text = values[flag] else { return value }
        guard let number = Self.number(text), number >= minimum else {
            Self.fail("\(flag): '\(text)' is not a number of at least \(minimum)", usage: usage)
        }
        return number
    }

    /// A comma-separated list: `--batch 1,10,100`.
    public func ints(_ flag: String, default value: [Int]) -> [Int] {
        guard let text = values[flag] else { return value }
        let parts = text.split(separator: ",").map { Self.number(String($0)) }
        guard !parts.isEmpty, parts.allSatisfy({ ($0 ?? 0) > 0 }) else {
            Self.fail("\(flag): '\(text)' is not a comma-separated list of positive numbers", usage: usage)
        }
        return parts.map { $0! }
    }

    /// An integer; `100_000` may be written with underscores.
    private static func number(_ text: String) -> Int? {
        Int(text.filter { $0 != "_" })
    }

    private static func fail(_ message: String, usage: String) -> Never {
        var standardError = StandardError()
        print("\(CommandLine.arguments.first.map { String($0.split(separator: "/").last ?? "") } ?? ""): \(message)",
              to: &standardError)
        print(usage, to: &standardError)
        exit(64)
    }
}

public struct StandardError: TextOutputStream {
    public init() {}
    public mutating func write(_ string: String) {
        var bytes = Array(string.utf8)
        _ = Glibc.write(2, &bytes, bytes.count)
    }
}
