/// The host and port an uplink URL points at: checked once at start, and
/// named in every failure reason so the technician knows what was tried.
struct Endpoint: Sendable, Equatable, CustomStringConvertible {
    var isTLS: Bool
    var host: String
    var port: Int

    /// `host:port`, with IPv6 literals in brackets.
    var description: String { (host.contains(":") ? "[\(host)]" : host) + ":\(port)" }

    init(url: String) throws(HTTPUplinkConfigurationError) {
        let bad = { (why: String) in
            HTTPUplinkConfigurationError(code: .unsupportedURL, message: "url '\(url)' \(why)")
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
