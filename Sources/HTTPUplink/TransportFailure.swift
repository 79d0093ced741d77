import NIOCore
import NIOHTTP1
import NIOPosix
import NIOSSL

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Turns what the HTTP stack threw into a reason a technician can act on
/// ("connection refused by 10.0.0.5:8080", "TLS: certificate not trusted").
/// Every such failure is transient: the batch is kept and tried again.
enum TransportFailure {
    static func reason(for error: any Error, endpoint: Endpoint, timeout: Duration) -> String {
        switch error {
        case HTTPConnectionError.noAnswerInTime:
            return "timed out: no answer from \(endpoint) within \(timeout)"
        case HTTPConnectionError.closedWithoutAnswer, ChannelError.ioOnClosedChannel, ChannelError.eof:
            return "\(endpoint) closed the connection without answering"
        case ChannelError.connectTimeout:
            return "timed out connecting to \(endpoint)"
        case let error as HTTPParserError:
            return "\(endpoint) answered with something that is not HTTP/1.1 (\(error))"
        case let error as NIOConnectionError:
            if let dnsError = error.dnsAError ?? error.dnsAAAAError {
                return "cannot resolve \(endpoint.host): \(dnsError)"
            }
            let codes = error.connectionErrors.compactMap { ($0.error as? IOError)?.errnoCode }
            return connectReason(errno: codes.first, endpoint: endpoint, detail: "\(error)")
        case let error as IOError:
            return connectReason(errno: error.errnoCode, endpoint: endpoint, detail: "\(error)")
        case is NIOSSLError, is BoringSSLError:
            return tlsReason(for: error, endpoint: endpoint)
        case let error as NIOSSLExtraError where error == .failedToValidateHostname:
            return "TLS: the certificate of \(endpoint) is not for \(endpoint.host)"
        case is CancellationError:
            return "delivery to \(endpoint) cancelled"
        default:
            return "delivery to \(endpoint) failed: \(error)"
        }
    }

    private static func connectReason(errno code: CInt?, endpoint: Endpoint, detail: String) -> String {
        switch code {
        case ECONNREFUSED: "connection refused by \(endpoint)"
        case ECONNRESET: "connection reset by \(endpoint)"
        case EPIPE: "\(endpoint) closed the connection while we were sending"
        case ETIMEDOUT: "timed out connecting to \(endpoint)"
        case ENETUNREACH, EHOSTUNREACH: "no route to \(endpoint): is the network up?"
        case let code?: "cannot connect to \(endpoint): \(String(cString: strerror(code)))"
        case nil: "cannot connect to \(endpoint): \(detail)"
        }
    }

    private static func tlsReason(for error: any Error, endpoint: Endpoint) -> String {
        // BoringSSL names the failure in its error text; the alerts are what the
        // server sent back, the rest is what we found wrong with the server.
        let text = "\(error)"
        let known: [(String, String)] = [
            // An unknown CA, an expired certificate, or a box whose clock is wrong (no RTC).
            (
                "CERTIFICATE_VERIFY_FAILED",
                "TLS: certificate not trusted: the certificate of \(endpoint) did not verify "
                    + "(CA not in caFile or the system roots, expired, or this box's clock is wrong)"
            ),
            ("ALERT_CERTIFICATE_REQUIRED", "TLS: \(endpoint) requires a client certificate (clientCertificateFile?)"),
            ("ALERT_UNKNOWN_CA", "TLS: \(endpoint) does not trust our client certificate"),
            ("ALERT_BAD_CERTIFICATE", "TLS: \(endpoint) refused our client certificate"),
            ("ALERT_CERTIFICATE_UNKNOWN", "TLS: \(endpoint) refused our client certificate"),
            ("ALERT_CERTIFICATE_EXPIRED", "TLS: \(endpoint) says our client certificate has expired"),
            ("ALERT_HANDSHAKE_FAILURE", "TLS: \(endpoint) refused the handshake (client certificate or cipher?)"),
            ("WRONG_VERSION_NUMBER", "TLS: \(endpoint) does not speak TLS (http:// instead of https://?)"),
        ]
        if let match = known.first(where: { text.contains($0.0) }) { return match.1 }
        switch error as? NIOSSLError {
        case .uncleanShutdown: return "TLS: \(endpoint) closed the connection uncleanly"
        case .handshakeFailed: return "TLS: handshake with \(endpoint) failed: \(text)"
        default: return "TLS: \(text) (\(endpoint))"
        }
    }
}
