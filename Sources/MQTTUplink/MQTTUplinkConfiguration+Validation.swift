extension MQTTUplinkConfiguration {
    /// Checks the values and that every file it names can be read, so a
    /// mistake stops the daemon at start with the path, not at the first train.
    public func validate() throws(MQTTUplinkConfigurationError) {
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
                throw MQTTUplinkConfigurationError(
                    code: .conflictingSettings, path: passwordFile,
                    message: "a password file (\(passwordFile)) is set without a user name")
            }
            _ = try FileContents.firstLine(of: passwordFile, what: "password file")
        }
        if let tls { try tls.validate() }
    }

    private func require(_ condition: Bool, _ message: String) throws(MQTTUplinkConfigurationError) {
        guard condition else { throw MQTTUplinkConfigurationError(code: .invalidSetting, message: message) }
    }
}

extension MQTTUplinkConfiguration.TLS {
    func validate() throws(MQTTUplinkConfigurationError) {
        if let caFile { try FileContents.checkReadable(caFile, what: "TLS CA file") }
        switch (clientCertificateFile, clientKeyFile) {
        case let (certificate?, key?):
            try FileContents.checkReadable(certificate, what: "TLS client certificate")
            try FileContents.checkReadable(key, what: "TLS client key")
        case let (certificate?, nil):
            throw MQTTUplinkConfigurationError(
                code: .conflictingSettings, path: certificate,
                message: "a TLS client certificate (\(certificate)) is set without its key")
        case let (nil, key?):
            throw MQTTUplinkConfigurationError(
                code: .conflictingSettings, path: key,
                message: "a TLS client key (\(key)) is set without its certificate")
        case (nil, nil):
            break
        }
    }
}
