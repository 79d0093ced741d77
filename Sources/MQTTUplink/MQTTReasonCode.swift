import CMosquitto

/// MQTT v5 reason codes, as the broker sends them in CONNACK, PUBACK and
/// DISCONNECT, and local `mosquitto_publish` errors: what each means for one
/// event. Refusals are for good only where sending the same event again to
/// the same broker must fail the same way; everything else is retried, since
/// a dead letter is a train lost to the backend.
enum MQTTReasonCode {
    /// libmosquitto's words: `Not authorized`, `Bad user name or password`.
    static func text(_ code: Int32) -> String {
        "\(String(cString: mosquitto_reason_string(code))) (reason code \(code))"
    }

    /// The broker's answer to one QoS 1 PUBLISH.
    static func verdict(puback code: Int32) -> PublishVerdict {
        if code < 0x80 { return .accepted }  // success, or "no matching subscribers"
        switch UInt32(code) {
        case MQTT_RC_NOT_AUTHORIZED.rawValue, MQTT_RC_TOPIC_NAME_INVALID.rawValue,
             MQTT_RC_PACKET_TOO_LARGE.rawValue, MQTT_RC_PAYLOAD_FORMAT_INVALID.rawValue:
            return .refused(text(code))
        default:
            // Unspecified, implementation specific, quota exceeded, packet
            // id in use: the broker may take it later.
            return .failed(text(code))
        }
    }

    /// What a failed `mosquitto_publish` call means; nil where the connection
    /// itself failed, which ends the session.
    static func verdict(localError code: Int32) -> PublishVerdict? {
        switch code {
        case MOSQ_ERR_OVERSIZE_PACKET.rawValue:
            return .refused("larger than the broker's maximum packet size")
        case MOSQ_ERR_PAYLOAD_SIZE.rawValue:
            return .refused("larger than MQTT allows (256 MiB)")
        case MOSQ_ERR_MALFORMED_UTF8.rawValue, MOSQ_ERR_INVAL.rawValue:
            return .refused("not a valid MQTT publish (\(String(cString: mosquitto_strerror(code))))")
        case MOSQ_ERR_QOS_NOT_SUPPORTED.rawValue:
            // The broker's fault, not the event's: keep it until it is fixed.
            return .failed("the broker does not accept QoS 1, which the outbox needs")
        default:
            return nil
        }
    }
}

/// The fate of one message of a publish.
enum PublishVerdict: Equatable {
    /// PUBACK with a success code: the broker has it.
    case accepted
    /// The broker (or libmosquitto for it) refuses this message for good.
    case refused(String)
    /// Not taken this time; the same message may go through later.
    case failed(String)
}
