import BenchSupport
import LoopbackReceiver

#if canImport(Glibc)
import Glibc
#endif

/// The loopback collector in a child process: this same binary run with
/// `--serve-receiver`. The receiver keeps every event's text (~2 kB each),
/// so in-process it would add ~200 MB to the drain's RSS; apart, the
/// drain's memory and CPU are the daemon side's alone.
///
/// The protocol is lines: the child prints `url URL`, waits for `report` on
/// its standard input, prints `key value` lines and exits.
final class ReceiverProcess {
    static let flag = "--serve-receiver"

    let pid: pid_t
    let url: String
    private let toChild: Int32
    private var fromChild: LineReader

    private init(pid: pid_t, url: String, toChild: Int32, fromChild: LineReader) {
        self.pid = pid
        self.url = url
        self.toChild = toChild
        self.fromChild = fromChild
    }

    static func start() throws(ReceiverProcessError) -> ReceiverProcess {
        var stdinPipe: [Int32] = [-1, -1]
        var stdoutPipe: [Int32] = [-1, -1]
        guard pipe(&stdinPipe) == 0, pipe(&stdoutPipe) == 0 else {
            throw ReceiverProcessError("pipe: " + String(cString: strerror(errno)))
        }
        // Only the child's ends, as its standard input and output, go across.
        for descriptor in stdinPipe + stdoutPipe { _ = fcntl(descriptor, F_SETFD, FD_CLOEXEC) }
        let executable = executablePath()
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_adddup2(&actions, stdinPipe[0], 0)
        posix_spawn_file_actions_adddup2(&actions, stdoutPipe[1], 1)
        let argv: [UnsafeMutablePointer<CChar>?] = [strdup(executable), strdup(flag), nil]
        defer { for argument in argv { free(argument) } }
        var pid: pid_t = 0
        let spawned = posix_spawn(&pid, executable, &actions, nil, argv, environ)
        close(stdinPipe[0])
        close(stdoutPipe[1])
        guard spawned == 0 else {
            close(stdinPipe[1])
            close(stdoutPipe[0])
            throw ReceiverProcessError("cannot start \(executable): " + String(cString: strerror(spawned)))
        }
        var reader = LineReader(descriptor: stdoutPipe[0])
        guard let line = reader.next(), line.hasPrefix("url ") else {
            close(stdinPipe[1])
            var status: Int32 = 0
            waitpid(pid, &status, 0)
            throw ReceiverProcessError("the collector process did not start")
        }
        return ReceiverProcess(pid: pid, url: String(line.dropFirst(4)), toChild: stdinPipe[1], fromChild: reader)
    }

    /// Asks for the collector's tally and waits for the process to end.
    func report() -> [String: String] {
        _ = write(toChild, "report\n", 7)
        close(toChild)
        var values: [String: String] = [:]
        while let line = fromChild.next() {
            let parts = line.split(separator: " ", maxSplits: 1)
            if parts.count == 2 { values[String(parts[0])] = String(parts[1]) }
        }
        fromChild.close()
        var status: Int32 = 0
        waitpid(pid, &status, 0)
        return values
    }

    private static func executablePath() -> String {
        var buffer = [CChar](repeating: 0, count: Int(PATH_MAX) + 1)
        let count = readlink("/proc/self/exe", &buffer, buffer.count - 1)
        guard count > 0 else { return CommandLine.arguments[0] }
        return String(decoding: buffer[..<count].map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }

    // MARK: - The child's side

    /// Runs the collector until `report` arrives (or the parent goes away).
    static func serve() async {
        do {
            let receiver = try await LoopbackReceiver.start()
            print("url " + receiver.url)
            fflush(nil)
            while let line = readLine(), line != "report" {}
            let snapshot = receiver.snapshot()
            let cpu = Stopwatch.cpu()
            print("unique_ids \(snapshot.uniqueIDs.count)")
            print("events \(snapshot.events.count)")
            print("duplicates \(snapshot.duplicates)")
            print("requests \(snapshot.requests.count)")
            print("not_2xx \(snapshot.requests.count { !(200..<300).contains($0.status ?? 0) })")
            print("body_bytes \(snapshot.requests.reduce(0) { $0 + $1.bodyBytes })")
            print("cpu_seconds \(cpu.user + cpu.system)")
            print("peak_rss \(ProcessMemory.peak())")
            fflush(nil)
            try await receiver.stop()
        } catch {
            print("error \(error)")
            fflush(nil)
        }
    }
}

struct ReceiverProcessError: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = "collector process: " + description }
}

/// Lines from a pipe, blocking.
struct LineReader {
    private let descriptor: Int32
    private var buffer: [UInt8] = []

    init(descriptor: Int32) { self.descriptor = descriptor }

    mutating func next() -> String? {
        while true {
            if let newline = buffer.firstIndex(of: UInt8(ascii: "\n")) {
                let line = String(decoding: buffer[..<newline], as: UTF8.self)
                buffer.removeSubrange(...newline)
                return line
            }
            var chunk = [UInt8](repeating: 0, count: 4096)
            let count = chunk.withUnsafeMutableBytes { read(descriptor, $0.baseAddress, $0.count) }
            if count < 0, errno == EINTR { continue }
            guard count > 0 else {
                defer { buffer = [] }
                return buffer.isEmpty ? nil : String(decoding: buffer, as: UTF8.self)
            }
            buffer += chunk[..<count]
        }
    }

    func close() { _ = Glibc.close(descriptor) }
}
