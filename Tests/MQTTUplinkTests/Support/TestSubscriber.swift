import CMosquitto
import Foundation

/// A second MQTT client, in the test: subscribes before the uplink publishes
/// and records what the broker forwards. Runs libmosquitto's own threaded
/// loop, unlike the uplink, and speaks MQTT v3.1.1.
final class TestSubscriber: @unchecked Sendable {
    struct Message: Equatable {
        var topic: String
        var payload: String
    }

    private let handle: OpaquePointer
    private let lock = NSLock()
    private var received: [Message] = []
    private var subscribed = false

    /// Connects to `port` on loopback and subscribes to `topic` at QoS 1;
    /// returns once the broker has confirmed the subscription.
    init(port: Int, topic: String = "wagond/#") throws {
        mosquitto_lib_init()
        guard let handle = mosquitto_new(nil, true, nil) else { throw BrokerError("mosquitto_new failed") }
        self.handle = handle
        mosquitto_user_data_set(handle, Unmanaged.passUnretained(self).toOpaque())
        mosquitto_message_callback_set(handle) { _, context, message in
            guard let context, let message else { return }
            let subscriber = Unmanaged<TestSubscriber>.fromOpaque(context).takeUnretainedValue()
            let payload = message.pointee.payload.map {
                String(decoding: UnsafeRawBufferPointer(start: $0, count: Int(message.pointee.payloadlen)), as: UTF8.self)
            } ?? ""
            subscriber.record(Message(topic: String(cString: message.pointee.topic), payload: payload))
        }
        mosquitto_subscribe_callback_set(handle) { _, context, _, _, _ in
            guard let context else { return }
            Unmanaged<TestSubscriber>.fromOpaque(context).takeUnretainedValue().markSubscribed()
        }
        var code = mosquitto_connect(handle, "127.0.0.1", Int32(port), 30)
        guard code == 0 else { throw BrokerError("subscriber cannot connect: \(String(cString: mosquitto_strerror(code)))") }
        code = mosquitto_loop_start(handle)
        guard code == 0 else { throw BrokerError("subscriber loop: \(String(cString: mosquitto_strerror(code)))") }
        code = mosquitto_subscribe(handle, nil, topic, 1)
        guard code == 0 else { throw BrokerError("subscribe: \(String(cString: mosquitto_strerror(code)))") }
        guard poll(timeout: 5, until: { lock.withLock { subscribed } }) else { throw BrokerError("no SUBACK within 5 s") }
    }

    deinit {
        mosquitto_disconnect(handle)
        mosquitto_loop_stop(handle, false)
        mosquitto_destroy(handle)
    }

    var messages: [Message] { lock.withLock { received } }

    /// Waits until the messages received satisfy `condition` (or the time is
    /// up) and returns them all.
    func waitForMessages(timeout: Duration = .seconds(5), until condition: ([Message]) -> Bool) async -> [Message] {
        let deadline = ContinuousClock.now + timeout
        while !condition(messages), ContinuousClock.now < deadline {
            try? await Task.sleep(for: .milliseconds(10))
        }
        return messages
    }

    private func record(_ message: Message) { lock.withLock { received.append(message) } }
    private func markSubscribed() { lock.withLock { subscribed = true } }
}
