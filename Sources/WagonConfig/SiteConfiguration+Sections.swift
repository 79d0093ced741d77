extension SiteConfiguration {
    static let storeKeys = ["path", "max_events", "max_bytes", "memory_buffer_events"]
    static let httpKeys = ["url", "token_file", "credential", "ca_file", "client_certificate", "client_key",
                           "verify_tls", "timeout_s", "gzip", "batch_max_events", "batch_max_age_s", "backoff_max_s"]
    static let mqttKeys = ["host", "port", "client_id", "username", "password_file", "password_credential", "tls",
                           "ca_file", "client_certificate", "client_key", "verify_tls", "keepalive_s", "topic_prefix"]
    static let recorderKeys = ["enabled", "directory", "max_file_size", "max_age_days", "max_total_size", "compress"]

    static let mebibyte: Int64 = 1 << 20, gibibyte: Int64 = 1 << 30, tebibyte: Int64 = 1 << 40
    /// sun_path holds 108 bytes with the NUL.
    static let maximumSocketPath = 107

    static func store(_ top: Section) -> Store {
        var store = Store()
        store.source = KeyLocations(path: top.diagnostics.path, table: top.position)
        guard let section = top.section("store", place: "in [store]", known: storeKeys) else { return store }
        store.source = section.locations
        if let value = section.path("path") { store.path = value }
        if let value = section.integer("max_events", .count, 1000...100_000_000) { store.maxEvents = value }
        if let value = section.size("max_bytes", mebibyte...tebibyte) { store.maxBytes = value }
        if let value = section.integer("memory_buffer_events", .count, 100...1_000_000) { store.memoryBufferEvents = value }
        return store
    }

    static func uplinks(_ top: Section, site: String) -> Uplinks {
        var uplinks = Uplinks()
        guard let section = top.section("uplink", place: "in [uplink]", known: ["http", "mqtt", "file"]) else {
            return uplinks
        }
        if let http = section.section("http", place: "in [uplink.http]", known: httpKeys) {
            uplinks.http = self.http(http)
        }
        if let mqtt = section.section("mqtt", place: "in [uplink.mqtt]", known: mqttKeys) {
            uplinks.mqtt = self.mqtt(mqtt, site: site)
        }
        if let file = section.section("file", place: "in [uplink.file]", known: ["path"]) {
            file.require("path")
            if let path = file.path("path") { uplinks.file = File(path: path, source: file.locations) }
        }
        return uplinks
    }

    static func http(_ section: Section) -> HTTP? {
        section.require("url")
        let url = section.string("url", "an http:// or https:// URL", where: isHTTPURL)
        var http = HTTP(url: url ?? "", source: section.locations)
        if http.url.lowercased().hasPrefix("http://") {
            section.diagnostics.warn(at: section.table["url"]!.keyPosition,
                                     "url uses plain http: events and the token travel unencrypted")
        }
        http.tokenFile = section.path("token_file")
        http.credential = section.string("credential", "a credential name (LoadCredential=), without '/'",
                                         where: isCredentialName)
        exclusive(section, "token_file", "credential")
        http.caFile = section.path("ca_file")
        http.clientCertificate = section.path("client_certificate")
        http.clientKey = section.path("client_key")
        together(section, "client_certificate", "client_key")
        if let value = section.bool("verify_tls") { http.verifyTLS = value }
        if !http.verifyTLS {
            section.diagnostics.warn(at: section.table["verify_tls"]!.keyPosition,
                                     "verify_tls = false: anyone on the path can read and forge the traffic")
        }
        if let value = section.number("timeout_s", .seconds, 1...600) { http.timeoutSeconds = value }
        if let value = section.bool("gzip") { http.gzip = value }
        if let value = section.integer("batch_max_events", .count, 1...10_000) { http.batchMaxEvents = value }
        if let value = section.number("batch_max_age_s", .seconds, 0...3600) { http.batchMaxAgeSeconds = value }
        if let value = section.number("backoff_max_s", .seconds, 1...86400) { http.backoffMaxSeconds = value }
        return url == nil ? nil : http
    }

    static func mqtt(_ section: Section, site: String) -> MQTT? {
        section.require("host")
        let host = section.string("host", "a host name or address", where: isHostName)
        var mqtt = MQTT(host: host ?? "", site: site, source: section.locations)
        if let value = section.bool("tls") { mqtt.tls = value }
        mqtt.port = section.integer("port", .count, 1...65535) ?? (mqtt.tls ? 8883 : 1883)
        if let value = section.string("client_id", "1 to 256 bytes", where: { (1...256).contains($0.utf8.count) }) {
            mqtt.clientID = value
        }
        mqtt.username = section.string("username", "a user name of 1 to 256 bytes") { (1...256).contains($0.utf8.count) }
        mqtt.passwordFile = section.path("password_file")
        mqtt.passwordCredential = section.string("password_credential",
                                                 "a credential name (LoadCredential=), without '/'",
                                                 where: isCredentialName)
        exclusive(section, "password_file", "password_credential")
        for key in ["password_file", "password_credential"] where section.contains(key) && !section.contains("username") {
            section.diagnostics.error(.conflict, at: section.table[key]!.keyPosition,
                                      "\(key) needs username (MQTT sends no password without a user name)")
        }
        mqtt.caFile = section.path("ca_file")
        mqtt.clientCertificate = section.path("client_certificate")
        mqtt.clientKey = section.path("client_key")
        together(section, "client_certificate", "client_key")
        if let value = section.bool("verify_tls") { mqtt.verifyTLS = value }
        if mqtt.tls {
            if !mqtt.verifyTLS {
                section.diagnostics.warn(at: section.table["verify_tls"]!.keyPosition,
                                         "verify_tls = false: anyone on the path can read and forge the traffic")
            }
        } else {
            for key in ["ca_file", "client_certificate", "client_key", "verify_tls"] where section.contains(key) {
                section.diagnostics.error(.conflict, at: section.table[key]!.keyPosition, "\(key) needs tls = true")
            }
            let secret = section.contains("password_file") || section.contains("password_credential")
            section.diagnostics.warn(at: section.table["tls"]!.keyPosition,
                                     "tls = false: events\(secret ? " and the password" : "") travel unencrypted")
        }
        if let value = section.integer("keepalive_s", .wholeSeconds, 5...3600) { mqtt.keepaliveSeconds = value }
        if let value = section.string("topic_prefix", "a topic prefix without '+', '#', NUL or a '/' at either end",
                                      where: isTopicPrefix) {
            mqtt.topicPrefix = value
        }
        return host == nil ? nil : mqtt
    }

    static func recorder(_ top: Section) -> Recorder {
        var recorder = Recorder()
        recorder.source = KeyLocations(path: top.diagnostics.path, table: top.position)
        guard let section = top.section("recorder", place: "in [recorder]", known: recorderKeys) else { return recorder }
        recorder.source = section.locations
        if let value = section.bool("enabled") { recorder.enabled = value }
        if let value = section.path("directory") { recorder.directory = value }
        let fileSize = section.size("max_file_size", mebibyte...(4 * gibibyte))
        let totalSize = section.size("max_total_size", mebibyte...tebibyte)
        if let fileSize { recorder.maxFileSize = fileSize }
        if let totalSize { recorder.maxTotalSize = totalSize }
        if recorder.maxTotalSize < recorder.maxFileSize {
            let (file, total) = (ByteSize.format(Int64(recorder.maxFileSize)), ByteSize.format(Int64(recorder.maxTotalSize)))
            if totalSize != nil, let entry = section.table["max_total_size"] {
                section.invalid(entry, "at least max_file_size (\(file))", got: total)
            } else if let entry = section.table["max_file_size"] {
                section.invalid(entry, "at most max_total_size (\(total))", got: file)
            }
        }
        if let value = section.integer("max_age_days", .days, 1...3650) { recorder.maxAgeDays = value }
        if let value = section.bool("compress") { recorder.compress = value }
        return recorder
    }

    static func metrics(_ top: Section) -> Metrics {
        var metrics = Metrics()
        metrics.source = KeyLocations(path: top.diagnostics.path, table: top.position)
        guard let section = top.section("metrics", place: "in [metrics]", known: ["enabled", "listen"]) else {
            return metrics
        }
        metrics.source = section.locations
        if let value = section.bool("enabled") { metrics.enabled = value }
        if let listen = section.string("listen", "host:port, such as 127.0.0.1:9464", where: {
            splitHostPort($0).map { isHostName($0.host) && $0.port != nil } ?? false
        }), case let (host, port?)? = splitHostPort(listen) {
            (metrics.listen, metrics.host, metrics.port) = (listen, host, port)
            if metrics.enabled, !isLoopback(host) {
                section.diagnostics.warn(at: section.table["listen"]!.keyPosition,
                                         "metrics listen on \(listen), not on loopback: anyone who reaches the box can read them")
            }
        }
        return metrics
    }

    static func control(_ top: Section) -> Control {
        var control = Control()
        control.source = KeyLocations(path: top.diagnostics.path, table: top.position)
        guard let section = top.section("control", place: "in [control]", known: ["socket"]) else { return control }
        control.source = section.locations
        if let value = section.string("socket", "a path of 1 to \(maximumSocketPath) bytes (a Unix socket's limit)", where: {
            (1...maximumSocketPath).contains($0.utf8.count) && !$0.utf8.contains(0)
        }) {
            control.socket = value
        }
        return control
    }

    static func log(_ top: Section) -> Log {
        var log = Log()
        log.source = KeyLocations(path: top.diagnostics.path, table: top.position)
        guard let section = top.section("log", place: "in [log]", known: ["level"]) else { return log }
        log.source = section.locations
        if let value = section.choice("level", LogLevel.self) { log.level = value }
        return log
    }

    /// At most one of two keys; the error is on the later one.
    static func exclusive(_ section: Section, _ first: String, _ second: String) {
        guard let one = section.table[first], let other = section.table[second] else { return }
        let later = one.keyPosition < other.keyPosition ? other : one
        section.diagnostics.error(.conflict, at: later.keyPosition, "give \(first) or \(second), not both")
    }

    /// Both keys or neither; the error is on the one given.
    static func together(_ section: Section, _ first: String, _ second: String) {
        switch (section.table[first], section.table[second]) {
        case (let given?, nil):
            section.diagnostics.error(.conflict, at: given.keyPosition, "\(first) needs \(second)")
        case (nil, let given?):
            section.diagnostics.error(.conflict, at: given.keyPosition, "\(second) needs \(first)")
        default:
            break
        }
    }
}

// MARK: value checks

/// `https://host[:port][/path]`, no credentials in it.
func isHTTPURL(_ text: String) -> Bool {
    let lower = text.lowercased()
    let rest: Substring
    if lower.hasPrefix("https://") {
        rest = text.dropFirst(8)
    } else if lower.hasPrefix("http://") {
        rest = text.dropFirst(7)
    } else {
        return false
    }
    guard !text.contains(where: { $0 == " " || $0.asciiValue.map { $0 < 0x20 || $0 == 0x7F } ?? false }) else { return false }
    let authority = rest.prefix { $0 != "/" && $0 != "?" && $0 != "#" }
    guard !authority.contains("@"), let (host, _) = splitHostPort(String(authority)) else { return false }
    return isHostName(host)
}

/// `host:port` or `[v6]:port`, the port optional here (callers say if it is
/// required). `nil` when malformed or the port is not 1...65535.
func splitHostPort(_ text: String) -> (host: String, port: Int?)? {
    var host: Substring, portText: Substring?
    if text.hasPrefix("[") {
        guard let close = text.firstIndex(of: "]") else { return nil }
        host = text[text.index(after: text.startIndex)..<close]
        let after = text[text.index(after: close)...]
        guard host.contains(":"), host.allSatisfy({ $0.isHexDigit || $0 == ":" || $0 == "." }) else { return nil }
        if after.isEmpty {
            portText = nil
        } else {
            guard after.hasPrefix(":") else { return nil }
            portText = after.dropFirst()
        }
    } else if let colon = text.lastIndex(of: ":") {
        host = text[..<colon]
        portText = text[text.index(after: colon)...]
        guard !host.contains(":") else { return nil }
    } else {
        host = Substring(text)
        portText = nil
    }
    guard !host.isEmpty else { return nil }
    guard let portText else { return (String(host), nil) }
    guard !portText.isEmpty, portText.count <= 5, portText.allSatisfy({ $0.isASCII && $0.isNumber }),
          let port = Int(portText), (1...65535).contains(port) else { return nil }
    return (String(host), port)
}

/// A DNS name or an IPv4 or IPv6 address (brackets already removed).
func isHostName(_ text: String) -> Bool {
    !text.isEmpty && text.utf8.count <= 253 && text.allSatisfy {
        $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "." || $0 == "-" || $0 == ":" || $0 == "_")
    }
}

func isLoopback(_ host: String) -> Bool {
    host == "localhost" || host == "::1" || host.hasPrefix("127.")
}

/// systemd credential names: no `/`, not `.` or `..`, at most 255 bytes.
func isCredentialName(_ text: String) -> Bool {
    (1...255).contains(text.utf8.count) && text != "." && text != ".." && !text.contains("/")
        && !text.utf8.contains(where: { $0 < 0x20 })
}

func isTopicPrefix(_ text: String) -> Bool {
    !text.isEmpty && !text.hasPrefix("/") && !text.hasSuffix("/")
        && !text.utf8.contains(where: { $0 == UInt8(ascii: "+") || $0 == UInt8(ascii: "#") || $0 == 0 })
}
