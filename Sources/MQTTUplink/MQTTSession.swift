import CMosquitto
import Logging
import Synchronization
import Uplink
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// One connection to the broker, from CONNECT to its end: a libmosquitto
/// client, the thread that drives its network loop, and the state that
/// turns the loop's callbacks into answers for the uplink's awaits. A session
/// is never reused: after a loss the uplink makes a new one.
///
/// The state's lock is never held while libmosquitto is called, and the
/// waiters it hands out are resumed after it is released.
final class MQTTSession: Sendable {
    let client: MosquittoClient
    let configuration: MQTTUplinkConfiguration
    let logger: Logger
    let state: Mutex<MQTTSessionState>

    /// Sets the client up; the connection starts with `start()`.
    init(configuration: MQTTUplinkConfiguration, logger: Logger) throws(SessionFailure) {
        // The files are read again here: a password may have been rotated,
        // a certificate replaced or removed since the daemon started.
        var password: String?
        do {
            try configuration.tls?.validate()
            if let file = configuration.passwordFile {
                password = try UplinkFile.firstLine(of: file, what: "password file", uplink: "mqtt")
            }
        } catch {
            throw SessionFailure(reason: error.message)
        }
        client = try MosquittoClient(configuration: configuration, password: password)
        self.configuration = configuration
        self.logger = logger
        state = Mutex(MQTTSessionState(broker: configuration.brokerAddress, connectTimeout: configuration.connectTimeout,
                                       publishTimeout: configuration.publishTimeout, now: .now))
    }

    var isConnected: Bool { state.withLock { $0.isConnected } }

    /// Waits for the CONNACK; nil once connected, else why not.
    func waitUntilConnected() async -> String? {
        await withTaskCancellationHandler {
            await withCheckedContinuation { continuation in
                update { $0.waitUntilConnected(continuation) }
            }
        } onCancel: {
            close(reason: "cancelled while connecting to \(configuration.brokerAddress)")
        }
    }

    /// Publishes `messages` at QoS 1, in order, and waits until the broker has
    /// answered each (or the connection fails): one verdict per message.
    func publish(_ messages: [MQTTMessage]) async -> PublishReport {
        var verdicts = [PublishVerdict?](repeating: nil, count: messages.count)
        var messageIDs: [Int32?] = Array(repeating: nil, count: messages.count)
        for (index, message) in messages.enumerated() {
            var messageID: Int32 = 0
            let code = client.publish(message, messageID: &messageID)
            if code == MOSQ_ERR_SUCCESS.rawValue {
                messageIDs[index] = messageID
            } else if let verdict = MQTTReasonCode.verdict(localError: code) {
                verdicts[index] = verdict
            } else {
                let reason = ConnectionFailure.reason(code: code, systemError: errno, broker: configuration.brokerAddress,
                                                      host: configuration.host, loggedError: nil, connected: true,
                                                      tls: configuration.tls != nil,
                                                      clientCertificate: configuration.tls?.clientCertificateFile != nil)
                return .interrupted(reason: close(reason: reason))
            }
        }
        let outcome = await withTaskCancellationHandler {
            await withCheckedContinuation { continuation in
                update { $0.waitForAcknowledgements(of: messageIDs.compactMap { $0 }, continuation, now: .now) }
            }
        } onCancel: {
            close(reason: "delivery cancelled")
        }
        switch outcome {
        case .interrupted(let reason):
            return .interrupted(reason: reason)
        case .acknowledged(let reasonCodes):
            // Every message that libmosquitto took has its PUBACK code here.
            return .answered(zip(verdicts, messageIDs).map { verdict, messageID in
                verdict ?? MQTTReasonCode.verdict(puback: reasonCodes[messageID!]!)
            })
        }
    }

    /// Sends DISCONNECT and waits until it is written (the broker then drops
    /// the will) or the publish timeout has passed.
    func disconnect() async {
        if state.withLock({ $0.beginDisconnect(now: .now) }) {
            client.disconnect()
        } else {
            close(reason: "disconnected")
        }
        await withCheckedContinuation { continuation in
            update { $0.waitForLoopEnd(continuation) }
        }
    }

    /// Ends the session without DISCONNECT: the loop thread stops within a
    /// loop period and the socket closes with the client, so the broker
    /// publishes the will. Returns the reason the session ended for, which
    /// is an earlier one if it had already ended.
    @discardableResult
    func close(reason: String) -> String {
        update { $0.close(reason: reason) }
        return state.withLock { $0.closedReason } ?? reason
    }

    /// Applies one input to the state and resumes whoever it wakes, outside the lock.
    func update(_ input: (inout MQTTSessionState) -> [Wakeup]) {
        let wakeups = state.withLock { input(&$0) }
        for wakeup in wakeups { wakeup.resume() }
    }
}

/// Why a session could not be set up or connected, as a retry reason.
struct SessionFailure: Error {
    var reason: String
}

/// How the broker answered a publish.
enum PublishReport: Equatable {
    /// One verdict per message, in the order given.
    case answered([PublishVerdict])
    /// The connection failed or timed out before every message was answered.
    case interrupted(reason: String)
}
