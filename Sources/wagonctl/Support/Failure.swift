import ArgumentParser
import PulseLog
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
    var text = line + "\n"
    text.withUTF8 { bytes in
        var rest = UnsafeRawBufferPointer(bytes)
        while !rest.isEmpty {
            let written = write(descriptor, rest.baseAddress, rest.count)
            if written < 0 && errno == EINTR { continue }
            if written <= 0 { return }
            rest = UnsafeRawBufferPointer(rebasing: rest[written...])
        }
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
    case let error as ConfigError:
        printError(error.description)
        return ExitCode(ExitStatus.badConfig)
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
