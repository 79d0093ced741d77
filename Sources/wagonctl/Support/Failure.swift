import ArgumentParser
import GPIOInput
import PulseLog
import WagonConfig
#if canImport(Glibc)
import Glibc
#endif

/// sysexits codes, as the wagond tools document them.
enum ExitStatus {
    static let usage: Int32 = 64
    static let badData: Int32 = 65
    static let noInput: Int32 = 66
    static let ioError: Int32 = 74
    static let badConfig: Int32 = 78
}

/// Writes one line to standard error.
func printError(_ line: String) {
    writeLine(line, to: STDERR_FILENO)
}

/// Writes one line to standard output at once, bypassing stdio's buffer
/// (live tools: a line must reach a file or pipe as soon as it happens).
func emitNow(_ line: String) {
    writeLine(line, to: STDOUT_FILENO)
}

private func writeLine(_ line: String, to descriptor: Int32) {
    _ = writeAll(line + "\n", to: descriptor)
}

/// Writes all of `text` to a descriptor, retrying short writes and EINTR;
/// returns the errno of a failure, `nil` when everything was written.
func writeAll(_ text: String, to descriptor: Int32) -> Int32? {
    var text = text
    return text.withUTF8 { bytes in
        var rest = UnsafeRawBufferPointer(bytes)
        while !rest.isEmpty {
            let written = write(descriptor, rest.baseAddress, rest.count)
            if written < 0 && errno == EINTR { continue }
            guard written > 0 else { return written < 0 ? errno : EIO }
            rest = UnsafeRawBufferPointer(rebasing: rest[written...])
        }
        return nil
    }
}

/// Reports a failure the way every wagonctl command does and returns the exit
/// code to throw: data errors as `FILE:LINE: message`, others as
/// `wagonctl: what failed: why`.
func reportFailure(_ error: Error) -> ExitCode {
    switch error {
    case let error as PulseLogError:
        printError(error.description)
        return ExitCode(error.kind.exitCode)
    case let error as GPIOError:
        // A configuration naming what does not exist is 78; the rest is I/O.
        printError("wagonctl: \(error)")
        return ExitCode(error.kind == .misconfigured ? ExitStatus.badConfig : ExitStatus.ioError)
    case let errors as ConfigErrors:
        // Every error, one per line in file order; an unreadable file is missing input.
        for error in errors { printError(error.description) }
        return ExitCode(errors.contains { $0.code == .cannotRead } ? ExitStatus.noInput : ExitStatus.badConfig)
    case let error as UsageError:
        printError("wagonctl: \(error.message)")
        return ExitCode(ExitStatus.usage)
    default:
        printError("wagonctl: \(error)")
        return ExitCode(1)
    }
}

/// A command-line value that parsed but makes no sense.
struct UsageError: Error {
    var message: String
}

/// stdout writes through stdio: line-buffered on a terminal, block-buffered in a pipe.
func emit(_ line: String) {
    print(line)
}
