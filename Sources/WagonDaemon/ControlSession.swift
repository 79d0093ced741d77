import WagonControl

/// One client connection's buffers, without I/O: bytes in, request lines
/// out, response lines queued until the socket takes them. A client gets its
/// answers in order, and no new request is read while an answer is still
/// waiting to be sent, so a client that does not read cannot make the
/// daemon buffer without bound.
struct ControlSession {
    let descriptor: Int32
    private var input: [UInt8] = []
    private var output: [UInt8] = []
    private var sent = 0
    /// The client closed its sending side: answer what it sent, then close.
    private(set) var peerClosed = false
    /// Close once the queued output is sent (after a line that was too long).
    private(set) var closing = false
    private(set) var lastActivity: ContinuousClock.Instant

    init(descriptor: Int32, now: ContinuousClock.Instant) {
        self.descriptor = descriptor
        lastActivity = now
    }

    enum Next: Equatable {
        case request([UInt8])
        case tooLong
    }

    /// Wants to read only when everything it answered has been sent, and
    /// holds at most one line's worth of unread requests.
    var wantsInput: Bool {
        !closing && !peerClosed && !hasOutput && input.count < ControlProtocol.maxRequestBytes
    }
    var hasOutput: Bool { sent < output.count }
    /// Nothing more will come from or go to this client.
    var isFinished: Bool { !hasOutput && (closing || (peerClosed && input.isEmpty)) }

    mutating func received(_ bytes: some Collection<UInt8>, now: ContinuousClock.Instant) {
        input.append(contentsOf: bytes)
        lastActivity = now
    }

    mutating func receivedEnd() { peerClosed = true }

    /// The next request line (without newline and a trailing CR), when a whole
    /// one is there and the previous answer has gone out. Blank lines are
    /// skipped. After the client closed its side, what is left counts as a line.
    mutating func next() -> Next? {
        while !hasOutput && !closing {
            var line: [UInt8]
            if let newline = input.firstIndex(of: UInt8(ascii: "\n")) {
                guard newline < ControlProtocol.maxRequestBytes else { return tooLong() }
                line = Array(input[..<newline])
                input.removeSubrange(...newline)
            } else if input.count >= ControlProtocol.maxRequestBytes {
                return tooLong()
            } else if peerClosed && !input.isEmpty {
                line = input
                input.removeAll()
            } else {
                return nil
            }
            if line.last == UInt8(ascii: "\r") { line.removeLast() }
            if line.allSatisfy({ $0 == 0x20 || $0 == 0x09 }) { continue }
            return .request(line)
        }
        return nil
    }

    private mutating func tooLong() -> Next {
        closing = true
        input.removeAll()
        return .tooLong
    }

    /// Queues one response line; the newline is added here.
    mutating func queue(_ line: String, closeAfter: Bool = false) {
        if sent == output.count {
            output.removeAll(keepingCapacity: true)
            sent = 0
        }
        output.append(contentsOf: line.utf8)
        output.append(UInt8(ascii: "\n"))
        if closeAfter { closing = true }
    }

    /// The connection failed: drop everything and close.
    mutating func fail() {
        closing = true
        input.removeAll()
        output.removeAll()
        sent = 0
    }

    /// Hands the unsent output to `write`, which returns how many bytes the
    /// socket took (0 when it is full, nil on an error).
    mutating func flush(now: ContinuousClock.Instant, _ write: (UnsafeRawBufferPointer) -> Int?) -> Bool {
        while hasOutput {
            guard let count = output[sent...].withUnsafeBytes(write) else { return false }
            if count == 0 { return true }
            sent += count
            lastActivity = now
        }
        return true
    }
}
