import CMosquitto
import Uplink
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// One libmosquitto client, set up for one connection: MQTT v5, clean start,
/// the retained offline will, credentials and TLS. Destroyed with the object.
///
/// `@unchecked Sendable`: in threaded mode (`mosquitto_threaded_set`)
/// libmosquitto guards its own state, so `publish` and `disconnect` may come
/// from any thread while the session's loop thread runs `loop`.
final class MosquittoClient: @unchecked Sendable {
    private let handle: OpaquePointer
    /// PUBLISH properties: CloudEvents' MQTT binding marks a structured event
    /// with its content type.
    private let publishProperties: OpaquePointer?

    init(configuration: MQTTUplinkConfiguration, password: String?) throws(SessionFailure) {
        MosquittoLibrary.initialiseOnce()
        guard let handle = mosquitto_new(configuration.clientID, true, nil) else {
            throw SessionFailure(reason: "cannot create an MQTT client: \(ConnectionFailure.describe(errno: errno))")
        }
        self.handle = handle
        var properties: OpaquePointer?
        mosquitto_property_add_string(&properties, Int32(MQTT_PROP_CONTENT_TYPE.rawValue), CloudEvents.structuredContentType)
        publishProperties = properties
        // v5: the broker says in each PUBACK whether it took the message
        // (v3.1.1 acknowledges even what an ACL drops) and announces its
        // maximum packet size, so refusals are told apart from outages.
        mosquitto_int_option(handle, MOSQ_OPT_PROTOCOL_VERSION, MQTT_PROTOCOL_V5)
        mosquitto_threaded_set(handle, true)

        let will = MQTTStatus.connectionLost
        try check(mosquitto_will_set(handle, MQTTTopic.status(site: configuration.site, prefix: configuration.topicPrefix), Int32(will.utf8.count),
                                     will, 1, true), "cannot set the last will")
        if let username = configuration.username {
            try check(mosquitto_username_pw_set(handle, username, password), "cannot set the MQTT user name")
        }
        if let tls = configuration.tls { try configure(tls) }
    }

    deinit {
        mosquitto_user_data_set(handle, nil)
        var properties = publishProperties
        mosquitto_property_free_all(&properties)
        mosquitto_destroy(handle)
    }

    /// Makes `context` the `obj` of every callback, and installs them.
    func setCallbacks(context: UnsafeMutableRawPointer, _ callbacks: MosquittoCallbacks) {
        mosquitto_user_data_set(handle, context)
        mosquitto_connect_v5_callback_set(handle, callbacks.connect)
        mosquitto_disconnect_v5_callback_set(handle, callbacks.disconnect)
        mosquitto_publish_v5_callback_set(handle, callbacks.publish)
        mosquitto_log_callback_set(handle, callbacks.log)
    }

    // MARK: From the loop thread only

    /// Resolves the host and starts a non-blocking TCP connect; TLS and
    /// CONNECT follow in `loop`.
    func connectAsync(host: String, port: Int, keepalive: Duration) -> Int32 {
        mosquitto_connect_async(handle, host, Int32(port), Int32(keepalive.wholeSeconds))
    }

    /// One turn of the network loop. Not `mosquitto_loop`: it waits with
    /// select(2), which aborts the process once a descriptor number passes
    /// FD_SETSIZE (1024). poll(2) has no such limit.
    func loop(timeoutMilliseconds: Int32) -> Int32 {
        let socket = mosquitto_socket(handle)
        guard socket >= 0 else { return MOSQ_ERR_NO_CONN.rawValue }
        var events = Int16(POLLIN)
        if mosquitto_want_write(handle) { events |= Int16(POLLOUT) }
        var descriptor = pollfd(fd: socket, events: events, revents: 0)
        let ready = poll(&descriptor, 1, timeoutMilliseconds)
        if ready < 0 {
            return errno == EINTR ? MOSQ_ERR_SUCCESS.rawValue : MOSQ_ERR_ERRNO.rawValue
        }
        if descriptor.revents & Int16(POLLIN | POLLHUP | POLLERR) != 0 {
            let code = mosquitto_loop_read(handle, 1)
            guard code == MOSQ_ERR_SUCCESS.rawValue else { return code }
        }
        // Publishes queued by other threads while we waited go out now.
        if mosquitto_want_write(handle) {
            let code = mosquitto_loop_write(handle, 1)
            guard code == MOSQ_ERR_SUCCESS.rawValue else { return code }
        }
        return mosquitto_loop_misc(handle)
    }

    // MARK: From any thread

    /// Queues a QoS 1 PUBLISH; the loop thread sends it.
    func publish(_ message: MQTTMessage, messageID: inout Int32) -> Int32 {
        let properties = message.isCloudEvent ? publishProperties : nil
        return mosquitto_publish_v5(handle, &messageID, message.topic, Int32(clamping: message.payload.utf8.count),
                                    message.payload, 1, message.retain, properties)
    }

    /// Queues a DISCONNECT (reason 0: the broker drops the will).
    func disconnect() {
        mosquitto_disconnect(handle)
    }

    // MARK: Setup

    private func configure(_ tls: MQTTUplinkConfiguration.TLS) throws(SessionFailure) {
        if tls.caFile == nil {
            try check(mosquitto_int_option(handle, MOSQ_OPT_TLS_USE_OS_CERTS, 1), "cannot use the system's CAs")
        }
        if tls.caFile != nil || tls.clientCertificateFile != nil {
            // tls_set insists on a CA file or directory; with the system's
            // CAs, the system's directory stands in.
            try check(mosquitto_tls_set(handle, tls.caFile, tls.caFile == nil ? "/etc/ssl/certs" : nil,
                                        tls.clientCertificateFile, tls.clientKeyFile, refusePassphrase),
                      "cannot use the TLS files")
        }
        if !tls.verifyServer {
            try check(mosquitto_tls_opts_set(handle, 0 /* SSL_VERIFY_NONE */, nil, nil), "cannot turn off TLS verification")
            try check(mosquitto_tls_insecure_set(handle, true), "cannot turn off TLS name checking")
        }
    }

    private func check(_ code: Int32, _ what: String) throws(SessionFailure) {
        guard code == MOSQ_ERR_SUCCESS.rawValue else {
            throw SessionFailure(reason: "\(what): \(String(cString: mosquitto_strerror(code)))")
        }
    }
}

/// An encrypted key would make OpenSSL ask on the terminal, which a daemon
/// does not have: answer with no pass phrase, so loading the key fails.
private func refusePassphrase(_: UnsafeMutablePointer<CChar>?, _: Int32, _: Int32, _: UnsafeMutableRawPointer?) -> Int32 {
    0
}

/// A message to publish at QoS 1.
struct MQTTMessage: Equatable {
    var topic: String
    var payload: String
    var retain: Bool
    /// A structured CloudEvent (content type `application/cloudevents+json`).
    var isCloudEvent: Bool
}
