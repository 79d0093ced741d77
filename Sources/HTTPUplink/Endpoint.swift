import NIOCore
import Uplink

/// The host and port an uplink URL points at: checked once at start, and
/// named in every failure reason so the technician knows what was tried.
struct Endpoint: Sendable, Equatable, CustomStringConvertible {
    var isTLS: Bool
    var host: String
    var port: Int
    /// The request target: path and query, `/` when the URL has none.
    var target: String

    /// `host:port`, with IPv6 literals in brackets.
    var description: String { bracketedHost + ":\(port)" }

    /// The `Host` header: the port only when it is not the scheme's default.
    var hostHeader: String { port == (isTLS ? 443 : 80) ? bracketedHost : description }

    /// The name sent in TLS SNI; none for an IP address, which SNI must not
    /// carry (the certificate is then checked against the address itself).
    var serverName: String? { isIPAddress ? nil : host }

    private var bracketedHost: String { host.contains(":") ? "[\(host)]" : host }

    private var isIPAddress: Bool { (try? SocketAddress(ipAddress: host, port: port)) != nil }

    init(url: String) throws(UplinkConfigurationError) {
        let bad = { (why: String) in
            UplinkConfigurationError(uplink: "http", code: .unsupportedURL, message: "url '\(url)' \(why)")
        }
        let rest: Substring
        if url.hasPrefix("https://") {
            isTLS = true
            rest = url.dropFirst("https://".count)
        } else if url.hasPrefix("http://") {
            isTLS = false
            rest = url.dropFirst("http://".count)
        } else {
            throw bad("is not http:// or https://")
        }
        let authority = rest.prefix { $0 != "/" && $0 != "?" && $0 != "#" }
        let path = rest[authority.endIndex...].prefix { $0 != "#" }
        target = path.hasPrefix("/") ? String(path) : "/" + path
        guard !authority.contains("@") else { throw bad("has user information: put the token in bearerTokenFile") }
        let portText: Substring?
        if authority.hasPrefix("[") {
            guard let close = authority.firstIndex(of: "]") else { throw bad("has an unclosed '['") }
            host = String(authority[authority.index(after: authority.startIndex)..<close])
            let after = authority[authority.index(after: close)...]
            guard after.isEmpty || after.hasPrefix(":") else { throw bad("has text after ']'") }
            portText = after.isEmpty ? nil : after.dropFirst()
        } else if let colon = authority.lastIndex(of: ":") {
            host = String(authority[..<colon])
            portText = authority[authority.index(after: colon)...]
        } else {
            host = String(authority)
            portText = nil
        }
        guard !host.isEmpty else { throw bad("has no host") }
        if let portText {
            guard let port = Int(portText), (1...65535).contains(port) else { throw bad("has a bad port") }
            self.port = port
        } else {
            port = isTLS ? 443 : 80
        }
    }
}
