import EventStore
import Logging
import Uplink

/// Delivers the outbox's events to an MQTT broker (v5, QoS 1), one message
/// per event on `wagond/<site>/<point>/<event-type>`, and keeps the box's
/// retained status on `wagond/<site>/status` (docs/mqtt-uplink.md).
///
/// The outbox is the queue, not libmosquitto (whose queue lives in RAM): a
/// batch is `.delivered` only when the broker has acknowledged every event
/// of it. Connects on the first delivery and, after a loss, on the next one;
/// the runner's backoff paces the attempts.
public actor MQTTUplink: Uplink {
    public nonisolated let name = "mqtt"
    public nonisolated let configuration: MQTTUplinkConfiguration
    private let logger: Logger
    /// The current connection, if one was made and not yet given up.
    private var session: MQTTSession?

    /// Checks the configuration and its files; connects later, on the first delivery.
    public init(configuration: MQTTUplinkConfiguration,
                logger: Logger = Logger(label: "wagond.uplink.mqtt")) throws(UplinkConfigurationError) {
        try configuration.validate()
        self.configuration = configuration
        self.logger = logger
    }

    deinit {
        session?.close(reason: "uplink released")
    }

    public func deliver(_ batch: [StoredEvent]) async -> DeliveryOutcome {
        let session: MQTTSession
        do {
            session = try await connectedSession()
        } catch {
            return .retry(after: nil, reason: error.reason)
        }
        let messages = batch.map(message(for:))
        let outcome = DeliveryOutcome(await session.publish(messages), events: batch, topics: messages.map(\.topic))
        if case .retry = outcome {
            // Whatever went wrong, the next attempt starts on a fresh connection.
            self.session = nil
            session.close(reason: "delivery failed")
        }
        return outcome
    }

    /// Publishes the retained `offline` status and disconnects cleanly, so the
    /// broker drops the last will.
    public func shutdown() async {
        guard let session else { return }
        self.session = nil
        guard session.isConnected else {
            session.close(reason: "shut down")
            return
        }
        let report = await session.publish([statusMessage(MQTTStatus.shutdown)])
        if case .interrupted(let reason) = report {
            logger.warning("MQTT offline status not published", metadata: ["reason": "\(reason)"])
        }
        await session.disconnect()
    }

    /// The open connection, or a new one that has announced itself online.
    private func connectedSession() async throws(SessionFailure) -> MQTTSession {
        if let session {
            if session.isConnected { return session }
            self.session = nil
        }
        let fresh = try MQTTSession(configuration: configuration, logger: logger)
        if let reason = fresh.start() { throw SessionFailure(reason: reason) }
        if let reason = await fresh.waitUntilConnected() { throw SessionFailure(reason: reason) }
        switch await fresh.publish([statusMessage(MQTTStatus.online())]) {
        case .interrupted(let reason):
            throw SessionFailure(reason: reason)
        case .answered(let verdicts):
            // Events may still be welcome where the status topic is not.
            if let verdict = verdicts.first, verdict != .accepted {
                logger.warning("MQTT online status not taken by the broker", metadata: ["verdict": "\(verdict)"])
            }
        }
        session = fresh
        return fresh
    }

    private func message(for event: StoredEvent) -> MQTTMessage {
        MQTTMessage(topic: MQTTTopic.event(event, site: configuration.site, prefix: configuration.topicPrefix),
                    payload: CloudEvents.structured(event, source: "wagond/" + configuration.site),
                    retain: false, isCloudEvent: true)
    }

    private func statusMessage(_ payload: String) -> MQTTMessage {
        MQTTMessage(topic: MQTTTopic.status(site: configuration.site, prefix: configuration.topicPrefix), payload: payload, retain: true, isCloudEvent: false)
    }
}
