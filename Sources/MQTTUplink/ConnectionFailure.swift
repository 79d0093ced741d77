import CMosquitto
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Why a connection could not be made or was lost, in words a technician can
/// act on: `connection refused by 10.0.0.5:1883`, `TLS handshake with
/// broker.example:8883 failed: certificate verify failed`.
enum ConnectionFailure {
    /// `code` is what `mosquitto_connect_async` or `mosquitto_loop` returned,
    /// `systemError` the errno right after it, `loggedError` the error line
    /// libmosquitto logged during that call (where OpenSSL's reason ends up),
    /// `connected` whether a CONNACK had come; `tls` whether the connection
    /// uses TLS and `clientCertificate` whether it presents one.
    static func reason(code: Int32, systemError: Int32, broker: String, host: String, loggedError: String?,
                       connected: Bool, tls: Bool = false, clientCertificate: Bool = false) -> String {
        // OpenSSL's reason says more than "connection lost": a broker that
        // wants a client certificate ends the handshake with an alert.
        if let loggedError, loggedError.hasPrefix("OpenSSL Error") || code == MOSQ_ERR_TLS.rawValue
            || code == MOSQ_ERR_TLS_HANDSHAKE.rawValue {
            let what = connected ? "TLS connection to \(broker) failed: " : "TLS handshake with \(broker) failed: "
            return what + openSSLReason(loggedError)
        }
        switch code {
        case MOSQ_ERR_ERRNO.rawValue where tls && systemError == EPROTO:
            // libmosquitto's EPROTO: a TLS error OpenSSL gave no words for. With
            // TLS 1.3 a broker that wants a client certificate sends its alert
            // after the client's side of the handshake and closes; when the
            // close overtakes the alert, this is all the client learns.
            return (connected ? "TLS connection to \(broker) failed" : "TLS handshake with \(broker) failed")
                + ": the broker closed the connection"
                + (clientCertificate ? "" : " (no client certificate is configured; a broker that requires one does this)")
        case MOSQ_ERR_ERRNO.rawValue:
            switch systemError {
            case ECONNREFUSED: return "connection refused by \(broker)"
            case ECONNRESET, EPIPE: return "connection to \(broker) lost (\(describe(errno: systemError)))"
            default: return "cannot reach \(broker): \(describe(errno: systemError))"
            }
        case MOSQ_ERR_EAI.rawValue:
            return "cannot resolve broker host '\(host)'"
        case MOSQ_ERR_TLS.rawValue, MOSQ_ERR_TLS_HANDSHAKE.rawValue:
            return (connected ? "TLS connection to \(broker) failed" : "TLS handshake with \(broker) failed")
                + " (no reason given)"
        case MOSQ_ERR_CONN_LOST.rawValue:
            return "connection to \(broker) lost"
        case MOSQ_ERR_KEEPALIVE.rawValue:
            return "\(broker) stopped answering (keepalive)"
        case MOSQ_ERR_NO_CONN.rawValue:
            return "connection to \(broker) closed"
        case MOSQ_ERR_CONN_REFUSED.rawValue:
            return "broker \(broker) refused the connection"
        default:
            return "connection to \(broker) failed: \(String(cString: mosquitto_strerror(code)))"
        }
    }

    /// `OpenSSL Error[0]: error:0A000086:SSL routines::certificate verify
    /// failed` → `certificate verify failed`.
    static func openSSLReason(_ line: String) -> String {
        guard let lastColon = line.lastIndex(of: ":") else { return line }
        let tail = line[line.index(after: lastColon)...].drop { $0 == " " }
        return tail.isEmpty ? line : String(tail)
    }

    static func describe(errno code: Int32) -> String {
        String(cString: strerror(code))
    }
}
