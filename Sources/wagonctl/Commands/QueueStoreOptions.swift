import ArgumentParser
import EventStore
import Logging
#if canImport(Glibc)
import Glibc
#endif

/// `--store`, shared by every `queue` subcommand, and the one way they open it.
struct QueueStoreOptions: ParsableArguments {
    /// Where wagond keeps it: systemd's StateDirectory for the service.
    static let defaultPath = "/var/lib/wagond/outbox.db"

    @Option(help: ArgumentHelp("The outbox database.", valueName: "path"))
    var store: String = Self.defaultPath

    /// Opens the existing outbox (never creates or repairs one), runs `body`
    /// and always closes it: SQLite-NIO insists every connection is closed.
    /// Failures are reported here and come back as the exit code to throw.
    func withOpenStore<Value>(_ body: (EventStore) async throws -> Value) async throws -> Value {
        // Tools report failures themselves; the store's log lines are for the daemon.
        let logger = Logger(label: "wagonctl.queue") { _ in SwiftLogNoOpLogHandler() }
        let opened: EventStore
        do {
            opened = try await EventStore.openExisting(path: store, logger: logger)
        } catch {
            throw reportStoreFailure(error)
        }
        do {
            let result = try await body(opened)
            await opened.close()
            return result
        } catch let exit as ExitCode {
            await opened.close()
            throw exit
        } catch {
            await opened.close()
            throw reportStoreFailure(error)
        }
    }

    /// A missing file is missing input (66), a foreign or damaged file bad
    /// data (65), and SQLite failing to read it (permissions, I/O) I/O (74).
    private func reportStoreFailure(_ error: any Error) -> ExitCode {
        // A StoreError names the path itself.
        guard let error = error as? StoreError else {
            printError("wagonctl: \(store): \(error)")
            return ExitCode(ExitStatus.ioError)
        }
        printError("wagonctl: \(error)")
        switch error {
        case .missing: return ExitCode(ExitStatus.noInput)
        case .notAnOutbox, .damaged: return ExitCode(ExitStatus.badData)
        case .unreadable: return ExitCode(ExitStatus.ioError)
        }
    }
}

/// Checks a `--limit` before anything is opened.
func validateQueueLimit(_ limit: Int) throws {
    guard limit >= 1 else { throw reportFailure(UsageError(message: "--limit must be at least 1, got \(limit)")) }
}

/// Writes lines to standard output in one go; a failed write (a full disk
/// behind a redirect) is an I/O error, not silently short output.
func writeLines(_ lines: [String]) throws {
    guard !lines.isEmpty else { return }
    if let code = writeAll(lines.joined(separator: "\n") + "\n", to: STDOUT_FILENO) {
        printError("wagonctl: cannot write to standard output: \(String(cString: strerror(code)))")
        throw ExitCode(ExitStatus.ioError)
    }
}
