import WagonCore

/// A site's configuration (`/etc/wagond/wagond.toml`, docs/configuration.md),
/// checked strictly: every value here is valid and every section remembers
/// where its keys are written, for messages about them later (a token file
/// that cannot be read, a line the kernel does not have).
///
/// Each section's `init()` gives the documented defaults.
public struct SiteConfiguration: Sendable, Hashable {
    public var path: String
    /// `[a-z0-9._-]{1,64}`: CloudEvents source `wagond/<site>`, MQTT topics.
    public var site: String
    /// A profile id, or the path of a profile file (it contains a `/`).
    public var board: String
    public var boardDirectories: [String]
    /// Overrides of the profile for every point.
    public var chip: Located<String>?
    public var bias: Located<LineBias>?
    public var activeLow: Located<Bool>?
    public var debounceMilliseconds: Located<Int>?
    public var points: [Point]
    public var thresholds: Thresholds
    public var store: Store
    public var uplinks: Uplinks
    public var recorder: Recorder
    public var metrics: Metrics
    public var control: Control
    public var log: Log
    /// The profile `board` names; `nil` when the board was not looked up.
    public var boardProfile: BoardProfile?
    /// Every detector line, profile defaults filled in, point by point, A
    /// then B; empty when the board was not looked up.
    public var lines: [ConfiguredLine]
    /// Allowed but unwise: plain HTTP, metrics open to the network...
    public var warnings: [ConfigWarning]
    /// Where the top-level keys are written.
    public var source: KeyLocations

    public static let defaultBoardDirectories = ["/usr/share/wagond/boards", "/etc/wagond/boards"]
    public static let maximumPoints = 8

    /// One counting point: a double wheel sensor, detectors A and B.
    public struct Point: Sendable, Hashable {
        /// `[a-z0-9_-]{1,32}`.
        public var name: String
        /// 1 for the first `[[point]]`.
        public var number: Int
        /// The profile table (`[point1]`, `[point2]`) its default lines come from.
        public var boardPoint: Int
        /// Lines and overrides written in the site file (`nil`: from the profile).
        public var a: Located<LineReference>?
        public var b: Located<LineReference>?
        public var chip: Located<String>?
        public var bias: Located<LineBias>?
        public var activeLow: Located<Bool>?
        public var debounceMilliseconds: Located<Int>?
        /// Metres between the centres of A and B.
        public var sensorSpacing: Double
        /// Metres of rail over which one detector sees a wheel.
        public var detectionZone: Double
        public var geometry: ZoneGeometry
        /// Names of the two directions for reports (`AB = "to Khasan"`).
        public var directionNames: [Direction: String]
        public var source: KeyLocations

        /// The core's settings for this point.
        public func settings(_ thresholds: Thresholds) -> CountingPointSettings {
            var settings = CountingPointSettings(sensorSpacing: sensorSpacing, detectionZone: detectionZone,
                                                 geometry: geometry)
            thresholds.apply(to: &settings)
            return settings
        }
    }

    /// The core's thresholds, for every point. Defaults are WagonCore's.
    public struct Thresholds: Sendable, Hashable {
        public var minimumPulseMilliseconds: Double
        public var maximumDropoutMilliseconds: Double
        public var trainIdleDistance: Double
        public var trainIdleMinimumSeconds: Double
        public var trainIdleMaximumSeconds: Double
        public var silentAfterPulses: Int
        public var longOccupationSeconds: Double
        public var source: KeyLocations

        public init(source: KeyLocations = KeyLocations(path: "", table: SourcePosition(line: 1, column: 1))) {
            let core = CountingPointSettings()
            minimumPulseMilliseconds = Double(core.debounce.minimumPulse) / 1e6
            maximumDropoutMilliseconds = Double(core.debounce.maximumDropout) / 1e6
            trainIdleDistance = core.closing.idleDistance
            trainIdleMinimumSeconds = Double(core.closing.minimumIdle) / 1e9
            trainIdleMaximumSeconds = Double(core.closing.maximumIdle) / 1e9
            silentAfterPulses = core.health.silentAfterPulses
            longOccupationSeconds = Double(core.health.longOccupation) / 1e9
            self.source = source
        }

        public func apply(to settings: inout CountingPointSettings) {
            settings.debounce = DebounceSettings(minimumPulse: Self.nanoseconds(milliseconds: minimumPulseMilliseconds),
                                                 maximumDropout: Self.dropout(milliseconds: maximumDropoutMilliseconds))
            settings.closing = TrainClosingSettings(idleDistance: trainIdleDistance,
                                                    minimumIdle: Self.nanoseconds(seconds: trainIdleMinimumSeconds),
                                                    maximumIdle: Self.nanoseconds(seconds: trainIdleMaximumSeconds))
            settings.health.silentAfterPulses = silentAfterPulses
            settings.health.longOccupation = Self.nanoseconds(seconds: longOccupationSeconds)
        }

        /// The core's longest bridged dropout for `max_dropout_ms`. 0 ms means
        /// "bridge nothing", but the core's debouncer needs a positive time:
        /// 1 ns, the clock's resolution, bridges no gap an edge can show.
        public static func dropout(milliseconds: Double) -> Nanoseconds {
            max(nanoseconds(milliseconds: milliseconds), 1)
        }

        /// For values already checked against their `SettingRange`: far
        /// from Int64's limits.
        public static func nanoseconds(milliseconds: Double) -> Nanoseconds {
            Nanoseconds((milliseconds * 1e6).rounded())
        }

        public static func nanoseconds(seconds: Double) -> Nanoseconds {
            Nanoseconds((seconds * 1e9).rounded())
        }
    }

    /// The durable outbox.
    public struct Store: Sendable, Hashable {
        public var path = "/var/lib/wagond/outbox.db"
        public var maxEvents = 1_000_000
        public var maxBytes = 512 << 20
        public var memoryBufferEvents = 20_000
        public var source = KeyLocations(path: "", table: SourcePosition(line: 1, column: 1))
        public init() {}
    }

    /// The uplinks configured; none is allowed (events wait in the store).
    public struct Uplinks: Sendable, Hashable {
        public var http: HTTP?
        public var mqtt: MQTT?
        public var file: File?
        public init() {}

        /// `http`, `mqtt`, `file`: those configured, in this order.
        public var names: [String] {
            [http.map { _ in "http" }, mqtt.map { _ in "mqtt" }, file.map { _ in "file" }].compactMap { $0 }
        }
    }

    /// `[uplink.http]`: CloudEvents batches to a collector.
    public struct HTTP: Sendable, Hashable {
        public var url: String
        public var tokenFile: String?
        /// A systemd credential (`LoadCredential=`) holding the token.
        public var credential: String?
        public var caFile: String?
        public var clientCertificate: String?
        public var clientKey: String?
        public var verifyTLS = true
        public var timeoutSeconds: Double = 30
        public var gzip = true
        public var batchMaxEvents = 500
        public var batchMaxAgeSeconds: Double = 2
        public var backoffMaxSeconds: Double = 300
        public var source: KeyLocations

        public init(url: String, source: KeyLocations) {
            self.url = url
            self.source = source
        }
    }

    /// `[uplink.mqtt]`: one message per event to a broker.
    public struct MQTT: Sendable, Hashable {
        public var host: String
        /// 8883 with TLS, 1883 without, unless given.
        public var port: Int
        /// `wagond-<site>` unless given.
        public var clientID: String
        public var username: String?
        public var passwordFile: String?
        public var passwordCredential: String?
        public var tls = true
        public var caFile: String?
        public var clientCertificate: String?
        public var clientKey: String?
        public var verifyTLS = true
        public var keepaliveSeconds = 30
        public var topicPrefix = "wagond"
        public var source: KeyLocations

        public init(host: String, site: String, source: KeyLocations) {
            self.host = host
            port = 8883
            clientID = "wagond-" + site
            self.source = source
        }
    }

    /// `[uplink.file]`: JSON lines to a file, `-` for standard output.
    public struct File: Sendable, Hashable {
        public var path: String
        public var source: KeyLocations
    }

    /// Rotating pulse logs of everything the detectors saw.
    public struct Recorder: Sendable, Hashable {
        public var enabled = true
        public var directory = "/var/log/wagond/pulses"
        public var maxFileSize = 64 << 20
        public var maxAgeDays = 30
        public var maxTotalSize = 2 << 30
        public var compress = true
        public var source = KeyLocations(path: "", table: SourcePosition(line: 1, column: 1))
        public init() {}
    }

    /// The Prometheus endpoint.
    public struct Metrics: Sendable, Hashable {
        public var enabled = true
        public var listen = "127.0.0.1:9464"
        public var host = "127.0.0.1"
        public var port = 9464
        public var source = KeyLocations(path: "", table: SourcePosition(line: 1, column: 1))
        public init() {}
    }

    /// The control socket `wagonctl` talks to.
    public struct Control: Sendable, Hashable {
        public var socket = "/run/wagond/control.sock"
        public var source = KeyLocations(path: "", table: SourcePosition(line: 1, column: 1))
        public init() {}
    }

    public struct Log: Sendable, Hashable {
        public var level = LogLevel.info
        public var source = KeyLocations(path: "", table: SourcePosition(line: 1, column: 1))
        public init() {}
    }
}

/// One detector wired to one line: what the daemon requests and what
/// `wagonctl config check` verifies on the machine.
public struct ConfiguredLine: Sendable, Hashable {
    public var point: String
    public var side: Side
    /// The pulse-log channel: `A`/`B` for a single point, `<point>.A` for several.
    public var channel: String
    /// `nil`: the line name is searched on every chip.
    public var chip: Located<String>?
    /// Where it was named: the site file's key, or the board profile's.
    public var line: Located<LineReference>
    /// Where the site file gives this line: its `a`/`b` key, else the
    /// `[[point]]` that takes it from the profile.
    public var siteLocation: ConfigLocation
    public var bias: LineBias
    public var activeLow: Bool
    public var debounceMilliseconds: Int

    /// `east.A`, whatever the channel: how messages name the detector.
    public var detectorName: String { "\(point).\(side.letter)" }
}
