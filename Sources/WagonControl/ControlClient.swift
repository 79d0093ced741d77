#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The client side of the control socket (what `wagonctl status` uses): one
/// connection, requests one at a time, blocking with a timeout.
public final class ControlConnection {
    public let path: String
    private var descriptor: Int32
    /// Bytes read past the last response's newline.
    private var buffered: [UInt8] = []

    /// Connects to the daemon's socket at `path`; `timeout` bounds every
    /// send and every wait for an answer.
    public init(path: String, timeout: Duration = .seconds(10)) throws(ControlClientError) {
        self.path = path
        self.timeout = timeout
        descriptor = socket(AF_UNIX, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
        guard descriptor >= 0 else { throw ControlClientError(.io, path: path, errno: errno, doing: "cannot create a socket for") }
        var limit = timeval(tv_sec: Int(timeout.components.seconds),
                            tv_usec: Int(timeout.components.attoseconds / 1_000_000_000_000))
        _ = setsockopt(descriptor, SOL_SOCKET, SO_RCVTIMEO, &limit, socklen_t(MemoryLayout<timeval>.size))
        _ = setsockopt(descriptor, SOL_SOCKET, SO_SNDTIMEO, &limit, socklen_t(MemoryLayout<timeval>.size))
        do throws(ControlClientError) {
            try connectTo(path)
        } catch {
            // `close()` forgets the descriptor: the throw runs deinit, which
            // would otherwise close the number again (maybe another thread's file).
            close()
            throw error
        }
    }

    private let timeout: Duration

    deinit { if descriptor >= 0 { systemClose(descriptor) } }

    public func close() {
        if descriptor >= 0 { systemClose(descriptor) }
        descriptor = -1
    }

    /// Sends `request` and reads its answer. A `failure` answer is returned,
    /// not thrown: the caller decides how to report what the daemon refused.
    public func send(_ request: ControlRequest) throws(ControlClientError) -> ControlResponse {
        let line = try exchange(Array((request.json + "\n").utf8))
        do {
            return try ControlResponse(json: line)
        } catch {
            throw ControlClientError(.protocolError(error), path: path)
        }
    }

    /// Sends raw bytes (a request line, newline included) and returns the next
    /// response line without its newline: for tests of what the daemon refuses.
    public func exchange(_ bytes: [UInt8]) throws(ControlClientError) -> [UInt8] {
        try write(bytes)
        return try readLine()
    }

    private func write(_ bytes: [UInt8]) throws(ControlClientError) {
        var offset = 0
        while offset < bytes.count {
            let sent = bytes[offset...].withUnsafeBytes { systemSend(descriptor, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
            if sent < 0 {
                let code = errno
                if code == EINTR { continue }
                if code == EAGAIN || code == EWOULDBLOCK { throw ControlClientError(.timedOut(timeout), path: path) }
                if code == EPIPE || code == ECONNRESET { throw ControlClientError(.closed, path: path) }
                throw ControlClientError(.io, path: path, errno: code, doing: "cannot send to wagond at")
            }
            offset += sent
        }
    }

    private func readLine() throws(ControlClientError) -> [UInt8] {
        var chunk = [UInt8](repeating: 0, count: 64 * 1024)
        var searched = 0
        while true {
            if let newline = buffered[searched...].firstIndex(of: UInt8(ascii: "\n")) {
                let line = Array(buffered[..<newline])
                buffered.removeSubrange(...newline)
                return line
            }
            searched = buffered.count
            guard buffered.count < ControlProtocol.maxResponseBytes else {
                throw ControlClientError(.protocolError(ControlError(
                    .badResponse, "an answer longer than \(ControlProtocol.maxResponseBytes) bytes")), path: path)
            }
            let count = chunk.withUnsafeMutableBytes { systemReceive(descriptor, $0.baseAddress, $0.count) }
            if count < 0 {
                let code = errno
                if code == EINTR { continue }
                if code == EAGAIN || code == EWOULDBLOCK { throw ControlClientError(.timedOut(timeout), path: path) }
                // A Unix socket closed with our bytes unread resets rather than ends.
                if code == ECONNRESET { throw ControlClientError(.closed, path: path) }
                throw ControlClientError(.io, path: path, errno: code, doing: "cannot read from wagond at")
            }
            if count == 0 { throw ControlClientError(.closed, path: path) }
            buffered.append(contentsOf: chunk[..<count])
        }
    }

    private func connectTo(_ path: String) throws(ControlClientError) {
        var address = sockaddr_un()
        address.sun_family = sa_family_t(AF_UNIX)
        let bytes = Array(path.utf8)
        guard bytes.count < MemoryLayout.size(ofValue: address.sun_path), !bytes.isEmpty else {
            throw ControlClientError(.unreachable, path: path, errno: ENAMETOOLONG, doing: "cannot reach wagond at")
        }
        withUnsafeMutableBytes(of: &address.sun_path) { raw in
            for (index, byte) in bytes.enumerated() { raw[index] = byte }
        }
        let result = withUnsafePointer(to: &address) { pointer in
            pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                connect(descriptor, $0, socklen_t(MemoryLayout<sockaddr_un>.size))
            }
        }
        guard result == 0 else {
            let code = errno
            let kind: ControlClientError.Kind = code == EACCES || code == EPERM ? .permissionDenied : .unreachable
            throw ControlClientError(kind, path: path, errno: code, doing: "cannot reach wagond at")
        }
    }
}

// Free functions: inside the class, `close` and `send` name its methods.
private func systemClose(_ descriptor: Int32) { _ = close(descriptor) }

private func systemSend(_ descriptor: Int32, _ bytes: UnsafeRawPointer?, _ count: Int, _ flags: Int32) -> Int {
    send(descriptor, bytes, count, flags)
}

private func systemReceive(_ descriptor: Int32, _ bytes: UnsafeMutableRawPointer?, _ count: Int) -> Int {
    recv(descriptor, bytes, count, 0)
}

/// The one-shot form: connect, ask, close.
public enum ControlClient {
    public static func send(_ request: ControlRequest, path: String = ControlProtocol.defaultSocketPath,
                            timeout: Duration = .seconds(10)) throws(ControlClientError) -> ControlResponse {
        let connection = try ControlConnection(path: path, timeout: timeout)
        defer { connection.close() }
        return try connection.send(request)
    }
}

/// Why a client got no usable answer. The description is the line wagonctl
/// prints after `wagonctl: `.
public struct ControlClientError: Error, CustomStringConvertible, Sendable {
    public enum Kind: Sendable, Equatable {
        /// Nothing listens at the path (or it is no socket): the daemon is not running.
        case unreachable
        /// The socket is there but this user may not connect (not in its group).
        case permissionDenied
        case timedOut(Duration)
        /// The daemon closed the connection before it answered.
        case closed
        case io
        /// The answer was unreadable or of another protocol version.
        case protocolError(ControlError)
    }

    public var kind: Kind
    public var path: String
    public var errno: Int32?
    private var doing: String

    init(_ kind: Kind, path: String, errno: Int32? = nil, doing: String = "") {
        self.kind = kind
        self.path = path
        self.errno = errno
        self.doing = doing
    }

    public var description: String {
        let reason = errno.map { String(cString: strerror($0)) } ?? ""
        switch kind {
        case .unreachable:
            return "\(doing) \(path): \(reason) (is it running?)"
        case .permissionDenied:
            return "\(doing) \(path): \(reason) (is this user in wagond's group?)"
        case .timedOut(let timeout):
            return "no answer from wagond at \(path) within \(timeout.components.seconds) s"
        case .closed:
            return "wagond at \(path) closed the connection without answering"
        case .io:
            return "\(doing) \(path): \(reason)"
        case .protocolError(let error):
            return "wagond at \(path): \(error.message)"
        }
    }
}
