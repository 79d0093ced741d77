import EventStore
import Foundation
import Synchronization
import Uplink
import WagonCore
#if canImport(Glibc)
import Glibc
#endif

struct TestFailure: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}

/// A fresh directory under /tmp, removed when the test's value goes away.
final class TemporaryDirectory {
    let path: String

    init() throws {
        var template = Array("/tmp/wagond-metrics-XXXXXX".utf8CString)
        guard let made = mkdtemp(&template) else { throw TestFailure("mkdtemp failed") }
        path = String(cString: made)
    }

    deinit { try? FileManager.default.removeItem(atPath: path) }
}

/// A live source that hands out prepared edges in one read, then promises
/// that nothing earlier than ten minutes after the last one will come, so
/// the core closes the last train.
struct ScriptedLiveSource: LiveEdgeSource, Sendable {
    let edges: [Edge]
    let channels: ChannelTable
    private var read = false

    init(edges: [Edge], pointNames: [String]) {
        self.edges = edges
        self.channels = ChannelTable(pointNames: pointNames)
    }

    mutating func readEdges(into edges: inout [Edge], maxCount: Int) throws -> Bool {
        precondition(self.edges.count <= maxCount, "the scripted source gives everything in one read")
        if !read { edges += self.edges }
        read = true
        return true
    }

    var safeTime: Nanoseconds { read ? (edges.last?.time ?? 0) + 600_000_000_000 : .min }
    var timesAreWallClock: Bool { true }
    func waitForEdges(orPromise deadline: Nanoseconds?, timeout: Duration) async {
        try? await Task.sleep(for: min(timeout, .milliseconds(5)))
    }
}

/// An uplink that answers each delivery with the next scripted outcome.
final class ScriptedUplink: Uplink {
    let name: String
    private let outcomes: Mutex<[DeliveryOutcome]>

    init(name: String, outcomes: [DeliveryOutcome]) {
        self.name = name
        self.outcomes = Mutex(outcomes)
    }

    func deliver(_ batch: [StoredEvent]) async -> DeliveryOutcome {
        outcomes.withLock { $0.isEmpty ? .retry(after: nil, reason: "script used up") : $0.removeFirst() }
    }

    func shutdown() async {}
}

/// The samples of a Prometheus text exposition, by name and labels.
struct Exposition {
    struct Sample {
        var name: String
        var labels: [String: String]
        var value: Double
    }

    let samples: [Sample]

    init(_ text: String) {
        samples = text.split(separator: "\n").compactMap { line in
            guard !line.hasPrefix("#"), let space = line.lastIndex(of: " "),
                  let value = Double(line[line.index(after: space)...]) else { return nil }
            let series = line[..<space]
            guard let brace = series.firstIndex(of: "{") else {
                return Sample(name: String(series), labels: [:], value: value)
            }
            var labels: [String: String] = [:]
            // Label values here hold no commas, quotes or braces.
            for pair in series[series.index(after: brace)..<series.index(before: series.endIndex)].split(separator: ",") {
                let parts = pair.split(separator: "=", maxSplits: 1)
                guard parts.count == 2 else { continue }
                labels[String(parts[0])] = String(parts[1].dropFirst().dropLast())
            }
            return Sample(name: String(series[..<brace]), labels: labels, value: value)
        }
    }

    func samples(named name: String) -> [Sample] { samples.filter { $0.name == name } }

    func value(_ name: String, _ labels: [String: String] = [:]) -> Double? {
        samples.first { $0.name == name && $0.labels == labels }?.value
    }
}

/// A plain blocking HTTP/1.1 client over a socket to 127.0.0.1: nothing in
/// it comes from the server's stack.
enum HTTP {
    struct Response {
        var status: Int
        var headers: [String: String]
        var body: String
    }

    static func get(port: Int, path: String = "/metrics") throws -> Response {
        try request(port: port, method: "GET", path: path)
    }

    /// One request with `Connection: close`; reads the answer to the end.
    static func request(port: Int, method: String, path: String) throws -> Response {
        let connection = try Connection(port: port)
        try connection.send("\(method) \(path) HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n")
        let text = try connection.receiveAll()
        guard let split = text.range(of: "\r\n\r\n") else { throw TestFailure("no header end in: \(text)") }
        let lines = text[..<split.lowerBound].components(separatedBy: "\r\n")
        let statusParts = lines[0].split(separator: " ")
        guard statusParts.count >= 2, let status = Int(statusParts[1]) else { throw TestFailure("bad status line \(lines[0])") }
        var headers: [String: String] = [:]
        for line in lines.dropFirst() {
            guard let colon = line.firstIndex(of: ":") else { continue }
            headers[line[..<colon].lowercased()] = line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)
        }
        return Response(status: status, headers: headers, body: String(text[split.upperBound...]))
    }

    final class Connection {
        private let fd: Int32

        init(port: Int) throws {
            fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
            guard fd >= 0 else { throw TestFailure("socket: errno \(errno)") }
            var timeout = timeval(tv_sec: 10, tv_usec: 0)
            setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
            var address = sockaddr_in()
            address.sin_family = sa_family_t(AF_INET)
            address.sin_port = in_port_t(UInt16(port).bigEndian)
            address.sin_addr.s_addr = inet_addr("127.0.0.1")
            let connected = withUnsafePointer(to: &address) {
                $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                    connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
                }
            }
            guard connected == 0 else {
                let error = errno
                // No close here: the throw runs deinit, which closes `fd`.
                throw TestFailure("connect to 127.0.0.1:\(port): errno \(error)")
            }
        }

        deinit { if fd >= 0 { close(fd) } }

        func send(_ text: String) throws {
            let bytes = Array(text.utf8)
            guard write(fd, bytes, bytes.count) == bytes.count else { throw TestFailure("write: errno \(errno)") }
        }

        /// Reads until `marker` has arrived (and the read that brought it).
        func receive(until marker: String) throws -> String {
            var text = ""
            while !text.contains(marker) {
                guard let chunk = try readChunk() else { throw TestFailure("closed before '\(marker)': \(text)") }
                text += chunk
            }
            return text
        }

        func receiveAll() throws -> String {
            var text = ""
            while let chunk = try readChunk() { text += chunk }
            return text
        }

        /// True if the server closed the connection with nothing more to say.
        func readsEndOfFile() throws -> Bool {
            try readChunk() == nil
        }

        private func readChunk() throws -> String? {
            var buffer = [UInt8](repeating: 0, count: 65_536)
            let count = read(fd, &buffer, buffer.count)
            if count < 0 { throw TestFailure("read: errno \(errno) (a timeout is EAGAIN)") }
            return count == 0 ? nil : String(decoding: buffer[..<count], as: UTF8.self)
        }
    }
}
