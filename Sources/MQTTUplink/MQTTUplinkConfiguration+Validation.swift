import Uplink

extension MQTTUplinkConfiguration {
    /// Checks the values and that every file it names can be read, so a
    /// mistake stops the daemon at start with the path, not at the first train.
    public func validate() throws(UplinkConfigurationError) {
        try require(!host.isEmpty, "the broker host is empty")
        try require((1...65_535).contains(port), "port \(port) is not between 1 and 65535")
        try require(!site.isEmpty, "the site name is empty")
        try require(!clientID.isEmpty, "the client id is empty")
        // libmosquitto refuses a keepalive under 5 s; MQTT's field is 16 bits.
        try require(keepalive >= .seconds(5) && keepalive <= .seconds(65_535),
                    "keepalive \(keepalive.wholeSeconds) s is not between 5 and 65535 s")
        try require(connectTimeout > .zero, "the connect timeout is not positive")
        try require(publishTimeout > .zero, "the publish timeout is not positive")

        if let passwordFile {
            guard username != nil else {
                throw UplinkConfigurationError(
                    uplink: "mqtt", code: .conflictingSettings, path: passwordFile,
                    message: "a password file (\(passwordFile)) is set without a user name")
            }
            _ = try UplinkFile.firstLine(of: passwordFile, what: "password file", uplink: "mqtt")
        }
        if let tls { try tls.validate() }
    }

    private func require(_ condition: Bool, _ message: String) throws(UplinkConfigurationError) {
        guard condition else { throw UplinkConfigurationError(uplink: "mqtt", code: .invalidSetting, message: message) }
    }
}

extension MQTTUplinkConfiguration.TLS {
    func validate() throws(UplinkConfigurationError) {
        if let caFile { try UplinkFile.checkReadable(caFile, what: "TLS CA file", uplink: "mqtt") }
        switch (clientCertificateFile, clientKeyFile) {
        case let (certificate?, key?):
            try UplinkFile.checkReadable(certificate, what: "TLS client certificate", uplink: "mqtt")
            try UplinkFile.checkReadable(key, what: "TLS client key", uplink: "mqtt")
        case let (certificate?, nil):
            throw UplinkConfigurationError(
                uplink: "mqtt", code: .conflictingSettings, path: certificate,
                message: "a TLS client certificate (\(certificate)) is set without its key")
        case let (nil, key?):
            throw UplinkConfigurationError(
                uplink: "mqtt", code: .conflictingSettings, path: key,
                message: "a TLS client key (\(key)) is set without its certificate")
        case (nil, nil):
            break
        }
    }
}
