/// What one connection knows, guarded by its session's mutex. Inputs come
/// from libmosquitto's callbacks and the clock (on the loop thread) and from
/// the uplink (waits, stops); each returns the waiters to wake, which the
/// session resumes outside the lock.
struct MQTTSessionState {
    enum Phase: Equatable {
        /// CONNECT is on its way; no CONNACK yet.
        case connecting(deadline: ContinuousClock.Instant)
        case connected
        /// DISCONNECT is queued; the loop ends once it is written, or at the deadline.
        case disconnecting(deadline: ContinuousClock.Instant)
        /// Over, for the reason given: nothing more goes through this session.
        case closed(reason: String)

        var isDisconnecting: Bool {
            if case .disconnecting = self { return true }
            return false
        }
    }

    /// A batch of QoS 1 publishes waiting for their PUBACKs.
    private struct PendingBatch {
        var outstanding: Set<Int32>
        var reasonCodes: [Int32: Int32]
        var total: Int
        var deadline: ContinuousClock.Instant
        var continuation: CheckedContinuation<BatchOutcome, Never>
    }

    private(set) var phase: Phase
    private let broker: String
    private let connectTimeout: Duration
    private let publishTimeout: Duration
    private var connectWaiters: [CheckedContinuation<String?, Never>] = []
    private var batch: PendingBatch?
    /// PUBACKs that came before their batch began to wait: the loop thread
    /// can read one before `mosquitto_publish` has returned its message id.
    private var earlyReasonCodes: [Int32: Int32] = [:]
    private var loopEnded = false
    private var endWaiters: [CheckedContinuation<Void, Never>] = []
    /// The error line libmosquitto logged during the last loop call, if any
    /// (OpenSSL's words for a failed handshake).
    private(set) var lastLoggedError: String?

    init(broker: String, connectTimeout: Duration, publishTimeout: Duration, now: ContinuousClock.Instant) {
        self.broker = broker
        self.connectTimeout = connectTimeout
        self.publishTimeout = publishTimeout
        phase = .connecting(deadline: now + connectTimeout)
    }

    var isConnected: Bool { phase == .connected }

    // MARK: From the loop thread

    mutating func connackReceived(reasonCode: Int32) -> [Wakeup] {
        guard case .connecting = phase else { return [] }
        guard reasonCode == 0 else {
            return close(reason: "broker \(broker) refused the connection: \(MQTTReasonCode.text(reasonCode))")
        }
        phase = .connected
        defer { connectWaiters = [] }
        return connectWaiters.map { .connect($0, failure: nil) }
    }

    mutating func publishAcknowledged(messageID: Int32, reasonCode: Int32, now: ContinuousClock.Instant) -> [Wakeup] {
        guard var pending = batch, pending.outstanding.remove(messageID) != nil else {
            earlyReasonCodes[messageID] = reasonCode
            return []
        }
        pending.reasonCodes[messageID] = reasonCode
        pending.deadline = now + publishTimeout
        batch = pending
        return finishBatchIfAnswered()
    }

    /// The broker sent DISCONNECT with a reason code (MQTT v5).
    mutating func brokerDisconnected(reasonCode: Int32) -> [Wakeup] {
        close(reason: "broker \(broker) closed the connection: \(MQTTReasonCode.text(reasonCode))")
    }

    mutating func libraryLogged(error line: String) {
        lastLoggedError = line
    }

    /// Before each loop call: deadlines; `keepRunning` is false once the
    /// session is closed.
    mutating func tick(now: ContinuousClock.Instant) -> (wakeups: [Wakeup], keepRunning: Bool) {
        lastLoggedError = nil
        var wakeups: [Wakeup] = []
        switch phase {
        case .connecting(let deadline) where now >= deadline:
            wakeups = close(reason: "no answer from \(broker) within \(connectTimeout.shortText)")
        case .connected:
            if let pending = batch, now >= pending.deadline {
                let missing = pending.outstanding.count
                wakeups = close(reason: "no PUBACK from \(broker) within \(publishTimeout.shortText)"
                                    + " (\(missing) of \(pending.total) unacknowledged)")
            }
        case .disconnecting(let deadline) where now >= deadline:
            wakeups = close(reason: "disconnected (DISCONNECT not sent within \(publishTimeout.shortText))")
        default:
            break
        }
        if case .closed = phase { return (wakeups, false) }
        return (wakeups, true)
    }

    mutating func loopFinished() -> [Wakeup] {
        loopEnded = true
        defer { endWaiters = [] }
        return endWaiters.map { .end($0) }
    }

    // MARK: From the uplink

    mutating func waitUntilConnected(_ continuation: CheckedContinuation<String?, Never>) -> [Wakeup] {
        switch phase {
        case .connecting:
            connectWaiters.append(continuation)
            return []
        case .connected:
            return [.connect(continuation, failure: nil)]
        case .disconnecting:
            return [.connect(continuation, failure: "the connection to \(broker) is closing")]
        case .closed(let reason):
            return [.connect(continuation, failure: reason)]
        }
    }

    mutating func waitForAcknowledgements(of messageIDs: [Int32], _ continuation: CheckedContinuation<BatchOutcome, Never>,
                                          now: ContinuousClock.Instant) -> [Wakeup] {
        precondition(batch == nil, "one batch at a time goes through an MQTT session")
        if case .closed(let reason) = phase { return [.batch(continuation, .interrupted(reason: reason))] }
        var pending = PendingBatch(outstanding: [], reasonCodes: [:], total: messageIDs.count,
                                   deadline: now + publishTimeout, continuation: continuation)
        for id in messageIDs {
            if let early = earlyReasonCodes.removeValue(forKey: id) {
                pending.reasonCodes[id] = early
            } else {
                pending.outstanding.insert(id)
            }
        }
        batch = pending
        return finishBatchIfAnswered()
    }

    /// Starts a clean DISCONNECT; false if there is no connection to end so.
    mutating func beginDisconnect(now: ContinuousClock.Instant) -> Bool {
        guard phase == .connected else { return false }
        phase = .disconnecting(deadline: now + publishTimeout)
        return true
    }

    mutating func waitForLoopEnd(_ continuation: CheckedContinuation<Void, Never>) -> [Wakeup] {
        if loopEnded { return [.end(continuation)] }
        endWaiters.append(continuation)
        return []
    }

    // MARK: Either side

    /// Ends the session; the first reason given is the one everybody hears.
    mutating func close(reason: String) -> [Wakeup] {
        if case .closed = phase { return [] }
        phase = .closed(reason: reason)
        var wakeups = connectWaiters.map { Wakeup.connect($0, failure: reason) }
        connectWaiters = []
        if let pending = batch {
            wakeups.append(.batch(pending.continuation, .interrupted(reason: reason)))
            batch = nil
        }
        return wakeups
    }

    /// The reason the session closed for, if it has.
    var closedReason: String? {
        if case .closed(let reason) = phase { return reason }
        return nil
    }

    private mutating func finishBatchIfAnswered() -> [Wakeup] {
        guard let pending = batch, pending.outstanding.isEmpty else { return [] }
        batch = nil
        return [.batch(pending.continuation, .acknowledged(pending.reasonCodes))]
    }
}

/// How a batch's wait ended.
enum BatchOutcome: Equatable {
    /// Every message was answered: its MQTT v5 PUBACK reason code by message id.
    case acknowledged([Int32: Int32])
    /// The connection failed or timed out first.
    case interrupted(reason: String)
}

/// A waiter to resume, once the state's lock is released.
enum Wakeup {
    case connect(CheckedContinuation<String?, Never>, failure: String?)
    case batch(CheckedContinuation<BatchOutcome, Never>, BatchOutcome)
    case end(CheckedContinuation<Void, Never>)

    func resume() {
        switch self {
        case .connect(let continuation, let failure): continuation.resume(returning: failure)
        case .batch(let continuation, let outcome): continuation.resume(returning: outcome)
        case .end(let continuation): continuation.resume()
        }
    }
}
