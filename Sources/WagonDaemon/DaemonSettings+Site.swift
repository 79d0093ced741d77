import EventStore
import GPIOInput
import HTTPUplink
import MQTTUplink
import PulseRecorder
import Uplink
import WagonConfig
import WagonCore

extension DaemonSettings {
    /// The daemon's settings from a validated site configuration. What the
    /// file alone cannot settle (a credential's directory) is checked here,
    /// with the file's line in the message.
    public init(site config: SiteConfiguration, environment: [String: String]) throws(ConfigErrors) {
        var errors: [ConfigError] = []
        var points: [PointSettings] = []
        for point in config.points {
            let lines = config.lines.filter { $0.point == point.name }
            guard let a = lines.first(where: { $0.side == .a }), let b = lines.first(where: { $0.side == .b }) else {
                errors.append(ConfigError(.invalidValue, at: ConfigLocation(path: config.path, position: point.source.table),
                                          "point '\(point.name)' has no lines for A and B"))
                continue
            }
            points.append(PointSettings(
                name: point.name, counting: point.settings(config.thresholds), directionNames: point.directionNames,
                lineA: Self.detectorLine(a), lineB: Self.detectorLine(b)))
        }

        let eventSource = "wagond/" + config.site
        var uplinks = UplinkSettings()
        if let http = config.uplinks.http {
            uplinks.http = HTTPUplinkConfiguration(
                url: http.url, source: eventSource, bearerTokenFile: http.tokenFile, systemdCredential: http.credential,
                caFile: http.caFile, clientCertificateFile: http.clientCertificate, clientKeyFile: http.clientKey,
                verifyTLS: http.verifyTLS, requestTimeout: .milliseconds(Int64(http.timeoutSeconds * 1000)), gzip: http.gzip)
            uplinks.batch = BatchPolicy(maxEvents: http.batchMaxEvents,
                                        maxAge: .milliseconds(Int64(http.batchMaxAgeSeconds * 1000)))
            uplinks.backoff = Backoff(base: .seconds(1), cap: .milliseconds(Int64(http.backoffMaxSeconds * 1000)))
        }
        if let mqtt = config.uplinks.mqtt {
            var passwordFile = mqtt.passwordFile
            if let credential = mqtt.passwordCredential {
                if let directory = environment["CREDENTIALS_DIRECTORY"] {
                    passwordFile = directory + "/" + credential
                } else {
                    errors.append(ConfigError(.invalidValue, at: ConfigLocation(path: config.path, position: mqtt.source.table),
                                              "password_credential '\(credential)' needs $CREDENTIALS_DIRECTORY "
                                              + "(systemd LoadCredential=); use password_file outside systemd"))
                }
            }
            let tls = mqtt.tls ? MQTTUplinkConfiguration.TLS(
                caFile: mqtt.caFile, clientCertificateFile: mqtt.clientCertificate, clientKeyFile: mqtt.clientKey,
                verifyServer: mqtt.verifyTLS) : nil
            uplinks.mqtt = MQTTUplinkConfiguration(
                host: mqtt.host, port: mqtt.port, site: config.site, topicPrefix: mqtt.topicPrefix, clientID: mqtt.clientID,
                keepalive: .seconds(mqtt.keepaliveSeconds), username: mqtt.username, passwordFile: passwordFile, tls: tls)
        }
        uplinks.file = config.uplinks.file?.path

        guard errors.isEmpty else { throw ConfigErrors(errors) }
        let recorder = config.recorder.enabled ? RecorderSettings(
            directory: config.recorder.directory, maxFileBytes: config.recorder.maxFileSize,
            retention: .init(maxTotalBytes: Int64(config.recorder.maxTotalSize), maxAgeDays: config.recorder.maxAgeDays),
            compressRotatedFiles: config.recorder.compress) : nil
        self.init(
            site: config.site, points: points, source: .gpio(GPIOReaderOptions()),
            store: StoreSettings(path: config.store.path, limits: StoreLimits(
                maxEvents: config.store.maxEvents, maxBytes: config.store.maxBytes,
                memoryBufferEvents: config.store.memoryBufferEvents)),
            uplinks: uplinks, recorder: recorder,
            metricsListen: config.metrics.enabled ? config.metrics.listen : nil,
            controlSocket: config.control.socket)
    }

    static func detectorLine(_ line: ConfiguredLine) -> DetectorLine {
        let selector: LineSelector
        switch line.line.value {
        case .name(let name): selector = .name(name)
        case .offset(let offset): selector = .offset(offset)
        }
        return DetectorLine(
            channel: "\(line.point).\(line.side.letter)", line: selector, activeLow: line.activeLow,
            bias: Bias(rawValue: line.bias.rawValue) ?? .asIs, debounceMicroseconds: line.debounceMilliseconds * 1000,
            chip: line.chip?.value)
    }
}

extension DaemonSettings {
    /// Every configured line exists on its chip, or by name on exactly one
    /// chip: checked before anything starts, so a typo is `FILE:LINE: ...`
    /// and exit 78, not a failed start.
    public static func verifyLines(of config: SiteConfiguration) -> [ConfigError] {
        var errors: [ConfigError] = []
        for line in config.lines {
            do throws(GPIOError) {
                _ = try detectorLine(line).locate(defaultChip: nil)
            } catch {
                errors.append(ConfigError(.notFound, at: line.siteLocation, "\(line.detectorName): \(error.message)"))
            }
        }
        return errors
    }
}
