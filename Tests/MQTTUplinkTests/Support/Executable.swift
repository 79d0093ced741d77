import Foundation

/// The test's outside tools. Missing is a failure, with the package to
/// install: these tests are the uplink's proof, so they never skip.
enum Executable {
    static func locate(_ name: String, package: String) throws -> String {
        let path = ProcessInfo.processInfo.environment["PATH"] ?? ""
        let directories = ["/usr/sbin", "/usr/bin"] + path.split(separator: ":").map(String.init)
        guard let found = directories.map({ $0 + "/" + name }).first(where: FileManager.default.isExecutableFile) else {
            throw BrokerError("\(name) not found in /usr/sbin, /usr/bin or PATH:"
                              + " install the '\(package)' package (apt-get install \(package))")
        }
        return found
    }

    /// Runs `name` to the end; what it wrote, or a failure that shows it.
    @discardableResult
    static func run(_ name: String, package: String, _ arguments: [String]) throws -> String {
        let (status, output) = try ChildProcess.run(try locate(name, package: package), arguments)
        guard status == 0 else {
            throw BrokerError("\(name) \(arguments.joined(separator: " ")) failed (wait status \(status)): \(output)")
        }
        return output
    }
}
