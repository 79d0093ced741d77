import CMosquitto
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

// The session drives `mosquitto_loop` on a thread of its own rather than
// `mosquitto_loop_start`: the threaded loop reconnects by itself on its own
// schedule, which would fight the runner's backoff and hammer a dead broker,
// and it hides why a connect failed. Here one thread lives exactly as long as
// one connection; DNS, connect() and poll() block it, never Swift's
// cooperative pool; a lost connection ends it, and the next deliver opens a
// new one.

extension MQTTSession {
    /// How long one loop turn waits for the socket: the bound on noticing a
    /// deadline, a close, or a publish queued by another thread (libmosquitto's
    /// wake-up socket pair is not ours to poll).
    static let loopPeriodMilliseconds: Int32 = 20

    /// Starts the loop thread, which connects; nil, or why it could not start.
    func start() -> String? {
        client.setCallbacks(context: Unmanaged.passUnretained(self).toOpaque(), .forwardingToSession)
        // The thread holds the session (and so the client) until it ends.
        let retained = Unmanaged.passRetained(self).toOpaque()
        var thread = pthread_t()
        let result = pthread_create(&thread, nil, sessionThreadMain, retained)
        guard result == 0 else {
            Unmanaged<MQTTSession>.fromOpaque(retained).release()
            update { $0.loopFinished() }
            return close(reason: "cannot start the MQTT thread: \(ConnectionFailure.describe(errno: result))")
        }
        pthread_detach(thread)
        return nil
    }

    /// The loop thread's life: connect, then loop until the connection ends
    /// or the session is closed.
    fileprivate func runLoop() {
        var code = client.connectAsync(host: configuration.host, port: configuration.port,
                                       keepalive: configuration.keepalive)
        var systemError = errno
        while code == MOSQ_ERR_SUCCESS.rawValue {
            let (wakeups, keepRunning) = state.withLock { $0.tick(now: .now) }
            for wakeup in wakeups { wakeup.resume() }
            guard keepRunning else { break }
            code = client.loop(timeoutMilliseconds: Self.loopPeriodMilliseconds)
            systemError = errno
        }
        if code != MOSQ_ERR_SUCCESS.rawValue {
            let (phase, loggedError) = state.withLock { ($0.phase, $0.lastLoggedError) }
            close(reason: phase.isDisconnecting ? "disconnected" : ConnectionFailure.reason(
                code: code, systemError: systemError, broker: configuration.brokerAddress, host: configuration.host,
                loggedError: loggedError, connected: phase == .connected, tls: configuration.tls != nil,
                clientCertificate: configuration.tls?.clientCertificateFile != nil))
        }
        // Closed by now, for the reason that came first.
        let reason = state.withLock { $0.closedReason } ?? "unknown"
        logger.info("MQTT connection ended", metadata: ["reason": "\(reason)"])
        update { $0.loopFinished() }
    }

    fileprivate func connackReceived(reasonCode: Int32) {
        update { $0.connackReceived(reasonCode: reasonCode) }
        if reasonCode == 0 {
            logger.info("MQTT connected", metadata: ["broker": "\(configuration.brokerAddress)",
                                                     "tls": "\(configuration.tls != nil)"])
        }
    }

    fileprivate func disconnected(reasonCode: Int32) {
        // Codes from 0x80 are the broker's DISCONNECT reasons; below are
        // libmosquitto's own, which the loop's return code explains.
        guard reasonCode >= 0x80 else { return }
        update { $0.brokerDisconnected(reasonCode: reasonCode) }
    }

    fileprivate func publishAcknowledged(messageID: Int32, reasonCode: Int32) {
        update { $0.publishAcknowledged(messageID: messageID, reasonCode: reasonCode, now: .now) }
    }

    /// Keeps error lines for the reasons; every line goes to the debug log
    /// (copied only when debug logging is on).
    fileprivate func libraryLogged(level: Int32, line: UnsafePointer<CChar>) {
        if level == MOSQ_LOG_ERR {
            let text = String(cString: line)
            state.withLock { $0.libraryLogged(error: text) }
        }
        logger.debug("libmosquitto: \(String(cString: line))")
    }
}

/// The thread entry point: a C function, so it lives outside any actor.
private func sessionThreadMain(_ context: UnsafeMutableRawPointer?) -> UnsafeMutableRawPointer? {
    let session = Unmanaged<MQTTSession>.fromOpaque(context!).takeRetainedValue()
    session.runLoop()
    return nil
}

/// libmosquitto's callbacks, as C function pointers; `obj` is the session,
/// unretained: the loop thread holds it, or the uplink that is calling in
/// (libmosquitto logs from `mosquitto_publish`). The client clears it
/// before it is destroyed.
struct MosquittoCallbacks {
    var connect: @convention(c) (OpaquePointer?, UnsafeMutableRawPointer?, Int32, Int32, OpaquePointer?) -> Void
    var disconnect: @convention(c) (OpaquePointer?, UnsafeMutableRawPointer?, Int32, OpaquePointer?) -> Void
    var publish: @convention(c) (OpaquePointer?, UnsafeMutableRawPointer?, Int32, Int32, OpaquePointer?) -> Void
    var log: @convention(c) (OpaquePointer?, UnsafeMutableRawPointer?, Int32, UnsafePointer<CChar>?) -> Void

    static let forwardingToSession = MosquittoCallbacks(
        connect: { _, context, reasonCode, _, _ in session(context)?.connackReceived(reasonCode: reasonCode) },
        disconnect: { _, context, reasonCode, _ in session(context)?.disconnected(reasonCode: reasonCode) },
        publish: { _, context, messageID, reasonCode, _ in
            session(context)?.publishAcknowledged(messageID: messageID, reasonCode: reasonCode)
        },
        log: { _, context, level, line in
            guard let line else { return }
            session(context)?.libraryLogged(level: level, line: line)
        }
    )

    private static func session(_ context: UnsafeMutableRawPointer?) -> MQTTSession? {
        context.map { Unmanaged<MQTTSession>.fromOpaque($0).takeUnretainedValue() }
    }
}
