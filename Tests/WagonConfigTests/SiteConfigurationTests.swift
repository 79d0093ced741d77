import Testing
import WagonCore
@testable import WagonConfig

private let minimal = """
    site = "khasan-bridge"
    board = "raspberry-pi-4"

    [[point]]
    name = "east"
    sensor_spacing_m = 0.14
    """

/// Where keys are written does not matter when comparing values.
private let nowhere = KeyLocations(path: "", table: SourcePosition(line: 1, column: 1))

private extension SiteConfiguration {
    /// Sections without their source locations.
    var placeless: (Thresholds, Store, Recorder, Metrics, Control, Log) {
        var (t, s, r, m, c, l) = (thresholds, store, recorder, metrics, control, log)
        (t.source, s.source, r.source, m.source, c.source, l.source) = (nowhere, nowhere, nowhere, nowhere, nowhere, nowhere)
        return (t, s, r, m, c, l)
    }
}

@Suite struct SiteConfigurationTests {
    @Test func theDocumentedDefaultsAreTheseValues() {
        let thresholds = SiteConfiguration.Thresholds()
        #expect(thresholds.minimumPulseMilliseconds == 0.6)
        #expect(thresholds.maximumDropoutMilliseconds == 0.6)
        #expect(thresholds.trainIdleDistance == 50)
        #expect(thresholds.trainIdleMinimumSeconds == 10)
        #expect(thresholds.trainIdleMaximumSeconds == 120)
        #expect(thresholds.silentAfterPulses == 8)
        #expect(thresholds.longOccupationSeconds == 600)
        let store = SiteConfiguration.Store()
        #expect(store.path == "/var/lib/wagond/outbox.db")
        #expect(store.maxEvents == 1_000_000)
        #expect(store.maxBytes == 536_870_912)
        #expect(store.memoryBufferEvents == 20_000)
        let recorder = SiteConfiguration.Recorder()
        #expect(recorder.enabled)
        #expect(recorder.directory == "/var/log/wagond/pulses")
        #expect(recorder.maxFileSize == 67_108_864)
        #expect(recorder.maxAgeDays == 30)
        #expect(recorder.maxTotalSize == 2_147_483_648)
        #expect(recorder.compress)
        #expect(SiteConfiguration.Metrics().enabled)
        #expect(SiteConfiguration.Metrics().listen == "127.0.0.1:9464")
        #expect(SiteConfiguration.Control().socket == "/run/wagond/control.sock")
        #expect(SiteConfiguration.Log().level == .info)
    }

    /// The example names every option with its default: it must decode to
    /// exactly what a file that leaves them all out decodes to.
    @Test func theExampleConfigurationSpellsOutTheDefaults() throws {
        let example = try SiteConfiguration(parsing: try #require(exampleBytes()), path: "wagond.example.toml",
                                            options: .init(readFile: testFiles()))
        let bare = try site(minimal)
        #expect(example.site == "khasan-bridge")
        #expect(example.board == "raspberry-pi-4")
        #expect(example.boardDirectories == ["/usr/share/wagond/boards", "/etc/wagond/boards"])
        #expect(example.boardDirectories == bare.boardDirectories)
        #expect(example.placeless == bare.placeless)
        #expect(example.warnings == [])
        #expect(example.chip == nil && example.bias == nil && example.activeLow == nil && example.debounceMilliseconds == nil)

        #expect(example.points.count == 1)
        let point = try #require(example.points.first), barePoint = try #require(bare.points.first)
        #expect(point.name == "east")
        #expect(point.sensorSpacing == 0.14)
        #expect(point.detectionZone == 0.12 && barePoint.detectionZone == 0.12)
        #expect(point.geometry == .auto && barePoint.geometry == .auto)
        #expect(point.directionNames == [:])
        #expect(point.boardPoint == 1)

        let http = try #require(example.uplinks.http)
        #expect(http == SiteConfiguration.HTTP(url: "https://collector.example.net/v1/events", source: http.source))
        #expect(http.verifyTLS && http.gzip && http.timeoutSeconds == 30 && http.batchMaxEvents == 500)
        #expect(http.batchMaxAgeSeconds == 2 && http.backoffMaxSeconds == 300)
        #expect(http.tokenFile == nil && http.credential == nil)
        #expect(example.uplinks.names == ["http"])
        #expect(bare.uplinks.names == [])
    }

    @Test func theExampleTakesItsLinesFromTheBoardProfile() throws {
        let example = try SiteConfiguration(parsing: try #require(exampleBytes()), path: "wagond.example.toml",
                                            options: .init(readFile: testFiles()))
        let profile = "/usr/share/wagond/boards/raspberry-pi-4.toml"
        #expect(example.boardProfile?.id == "raspberry-pi-4")
        #expect(example.lines.map(\.channel) == ["A", "B"])
        #expect(example.lines.map(\.line.value) == [.name("GPIO17"), .name("GPIO27")])
        #expect(example.lines.map { $0.chip?.value } == ["pinctrl-bcm2711", "pinctrl-bcm2711"])
        #expect(example.lines.map(\.bias) == [.pullUp, .pullUp])
        #expect(example.lines.map(\.activeLow) == [true, true])
        #expect(example.lines.map(\.debounceMilliseconds) == [0, 0])
        // Named in the profile; taken by the site's [[point]] (line 40 of the example).
        #expect(example.lines.map(\.line.location.path) == [profile, profile])
        #expect(example.lines.map(\.siteLocation.description) == ["wagond.example.toml:40", "wagond.example.toml:40"])
    }

    @Test func severalPointsGetNamedChannelsAndTheirOwnProfileTables() throws {
        let config = try site("""
            site = "mine-siding"
            board = "beaglebone-black"
            [[point]]
            name = "north"
            sensor_spacing_m = 0.14
            directions = { AB = "to the mine", BA = "to the port" }
            [[point]]
            name = "south"
            sensor_spacing_m = 0.2
            detection_zone_m = 0.15
            geometry = "apart"
            """)
        #expect(config.lines.map(\.channel) == ["north.A", "north.B", "south.A", "south.B"])
        #expect(config.lines.map(\.line.value) == [.name("P8_7"), .name("P8_8"), .name("P8_9"), .name("P8_10")])
        #expect(config.lines.allSatisfy { $0.chip == nil && $0.bias == .asIs })
        #expect(config.points[0].directionNames == [.ab: "to the mine", .ba: "to the port"])
        let south = config.points[1].settings(config.thresholds)
        #expect(south.sensorSpacing == 0.2 && south.detectionZone == 0.15 && south.geometry == .apart)
        #expect(config.lines.map(\.siteLocation.line) == [3, 3, 7, 7])
    }

    @Test func overridesComeFromThePointThenTheTopLevelThenTheProfile() throws {
        let config = try site("""
            site = "x"
            board = "raspberry-pi-4"
            chip = "/dev/gpiochip0"
            bias = "disabled"
            active_low = false
            [[point]]
            name = "one"
            a = "GPIO5"
            bias = "pull-down"
            debounce_ms = 1
            sensor_spacing_m = 0.14
            [[point]]
            name = "two"
            board_point = 1
            a = 4
            b = "5"
            chip = "gpiochip1"
            active_low = true
            sensor_spacing_m = 0.14
            """)
        let lines = config.lines
        #expect(lines.map(\.line.value) == [.name("GPIO5"), .name("GPIO27"), .offset(4), .offset(5)])
        #expect(lines.map { $0.chip?.value } == ["/dev/gpiochip0", "/dev/gpiochip0", "gpiochip1", "gpiochip1"])
        #expect(lines.map(\.bias) == [.pullDown, .pullDown, .disabled, .disabled])
        #expect(lines.map(\.activeLow) == [false, false, true, true])
        #expect(lines.map(\.debounceMilliseconds) == [1, 1, 0, 0])
        // GPIO5 is the site's, GPIO27 the profile's; the site gives each a line of its own.
        #expect(lines[0].line.location.description == "site.toml:8")
        #expect(lines[1].line.location.path.hasSuffix("raspberry-pi-4.toml"))
        #expect(lines.map(\.siteLocation.line) == [8, 6, 15, 16])
    }

    @Test func aLaterBoardDirectoryWinsAndABoardMayBeAPath() throws {
        let local = """
            schema = 1
            id = "raspberry-pi-4"
            name = "Our own Pi 4"
            chip = "local-chip"
            bias = "pull-up"
            active_low = true
            wiring = "ours"
            [point1]
            a = "X1"
            b = "X2"
            """
        let overridden = try site(minimal, files: ["/etc/wagond/boards/raspberry-pi-4.toml": local])
        #expect(overridden.boardProfile?.name == "Our own Pi 4")
        #expect(overridden.lines.map(\.line.value) == [.name("X1"), .name("X2")])

        let byPath = try SiteConfiguration(
            parsing: Array(minimal.replacing("board = \"raspberry-pi-4\"", with: "board = \"boards/raspberry-pi-4.toml\"").utf8),
            path: "/srv/site/wagond.toml",
            options: .init(readFile: testFiles(["/srv/site/boards/raspberry-pi-4.toml": local])))
        #expect(byPath.boardProfile?.path == "/srv/site/boards/raspberry-pi-4.toml")
        #expect(byPath.lines.map { $0.chip?.value } == ["local-chip", "local-chip"])
    }

    @Test func extraBoardDirectoriesComeFirst() throws {
        let config = try SiteConfiguration(parsing: Array(minimal.utf8), path: "site.toml", options: .init(
            extraBoardDirectories: [boardsDirectory], readFile: { path in
                path.hasPrefix("/usr/") || path.hasPrefix("/etc/") ? .missing : ConfigFile.read(path)
            }))
        #expect(config.boardProfile?.path == boardsDirectory + "/raspberry-pi-4.toml")
    }

    @Test func withoutTheBoardNothingIsLookedUp() throws {
        let config = try SiteConfiguration(parsing: Array(minimal.replacing("raspberry-pi-4", with: "no-such-board").utf8),
                                           path: "site.toml", options: .init(resolveBoard: false, readFile: { _ in .missing }))
        #expect(config.boardProfile == nil)
        #expect(config.lines == [])
        #expect(config.points.map(\.name) == ["east"])
    }

    @Test func thresholdsBecomeTheCoreSettings() throws {
        let config = try site(minimal + """

            [thresholds]
            min_pulse_ms = 1.5
            max_dropout_ms = 0
            train_idle_distance_m = 80
            train_idle_min_s = 20
            train_idle_max_s = 300
            silent_after_pulses = 12
            long_occupation_s = 1800.5
            """)
        let settings = config.points[0].settings(config.thresholds)
        #expect(settings.debounce.minimumPulse == 1_500_000)
        // 0 ms bridges nothing; the core's debouncer takes the shortest positive time.
        #expect(settings.debounce.maximumDropout == 1)
        _ = Debouncer(settings: settings.debounce)  // trapped when it was 0
        #expect(settings.closing.idleDistance == 80)
        #expect(settings.closing.minimumIdle == 20_000_000_000)
        #expect(settings.closing.maximumIdle == 300_000_000_000)
        #expect(settings.health.silentAfterPulses == 12)
        #expect(settings.health.longOccupation == 1_800_500_000_000)
        // The defaults give the core's own defaults.
        #expect(try site(minimal).points[0].settings(SiteConfiguration.Thresholds()) == CountingPointSettings())
    }

    @Test func mqttDefaultsFollowTheSiteAndTLS() throws {
        let config = try site(minimal + "\n[uplink.mqtt]\nhost = \"broker\"\n[uplink.file]\npath = \"-\"")
        let mqtt = try #require(config.uplinks.mqtt)
        #expect(mqtt.port == 8883 && mqtt.tls && mqtt.verifyTLS)
        #expect(mqtt.clientID == "wagond-khasan-bridge")
        #expect(mqtt.keepaliveSeconds == 30 && mqtt.topicPrefix == "wagond")
        #expect(config.uplinks.names == ["mqtt", "file"])
        #expect(config.uplinks.file?.path == "-")
        let plain = try site(minimal + "\n[uplink.mqtt]\nhost = \"broker\"\ntls = false")
        #expect(plain.uplinks.mqtt?.port == 1883)
    }

    @Test func sizesAcceptIntegersAndBinaryUnits() throws {
        let config = try site(minimal + "\n[store]\nmax_bytes = 1048576\n[recorder]\nmax_file_size = \"1.5 MiB\"\nmax_total_size = \"1GiB\"")
        #expect(config.store.maxBytes == 1_048_576)
        #expect(config.recorder.maxFileSize == 1_572_864)
        #expect(config.recorder.maxTotalSize == 1_073_741_824)
        #expect(ByteSize.parse("512 MiB") == 536_870_912)
        #expect(ByteSize.parse("4096 B") == 4096)
        #expect(ByteSize.parse("2 TiB") == 2_199_023_255_552)
        for bad in ["512 MB", "512", "MiB", "1.5 B", "-1 KiB", " 1 KiB", "1 kib", "99999999999 TiB", "1.  MiB"] {
            #expect(ByteSize.parse(bad) == nil, "\(bad)")
        }
        #expect(ByteSize.format(536_870_912) == "512 MiB")
        #expect(ByteSize.format(1_572_864) == "1536 KiB")
        #expect(ByteSize.format(1000) == "1000 B")
    }

    @Test func unwiseButValidSettingsAreWarnings() throws {
        let config = try site(minimal + """

            [uplink.http]
            url = "http://collector.local/events"
            verify_tls = false
            [uplink.mqtt]
            host = "broker"
            tls = false
            username = "box"
            password_file = "/etc/wagond/mqtt"
            [metrics]
            listen = "0.0.0.0:9464"
            """)
        #expect(config.warnings.map(\.description) == [
            "site.toml:8: warning: url uses plain http: events and the token travel unencrypted",
            "site.toml:9: warning: verify_tls = false: anyone on the path can read and forge the traffic",
            "site.toml:12: warning: tls = false: events and the password travel unencrypted",
            "site.toml:16: warning: metrics listen on 0.0.0.0:9464, not on loopback: anyone who reaches the box can read them",
        ])
        #expect(config.metrics.host == "0.0.0.0" && config.metrics.port == 9464)
    }

    @Test func keysRememberWhereTheyAreWritten() throws {
        let config = try site(minimal + "\n[store]\n\npath = \"/data/outbox.db\"")
        #expect(config.store.source.location(of: "path").description == "site.toml:9")
        #expect(config.store.source.location(of: "max_events").description == "site.toml:7")
        #expect(config.source.location(of: "board").description == "site.toml:2")
        #expect(config.points[0].source.location(of: "sensor_spacing_m").description == "site.toml:6")
    }

    @Test func anUnreadableFileIsOneErrorWithoutALine() {
        do {
            _ = try SiteConfiguration(contentsOf: "/nonexistent/wagond.toml")
            Issue.record("loaded")
        } catch {
            #expect(error.map(\.description) == ["/nonexistent/wagond.toml: cannot read: No such file or directory"])
            #expect(error.first?.code == .cannotRead)
        }
    }
}

@Suite struct DocumentationTests {
    /// Every key the schema knows, by table.
    static let schema: [(table: String, keys: [String])] = [
        ("top level", SiteConfiguration.topKeys.filter { !["point", "thresholds", "store", "uplink", "recorder", "metrics",
                                                           "control", "log"].contains($0) }),
        ("[[point]]", SiteConfiguration.pointKeys),
        ("[thresholds]", SiteConfiguration.thresholdKeys),
        ("[store]", SiteConfiguration.storeKeys),
        ("[uplink.http]", SiteConfiguration.httpKeys),
        ("[uplink.mqtt]", SiteConfiguration.mqttKeys),
        ("[uplink.file]", ["path"]),
        ("[recorder]", SiteConfiguration.recorderKeys),
        ("[metrics]", ["enabled", "listen"]),
        ("[control]", ["socket"]),
        ("[log]", ["level"]),
    ]

    @Test func theExampleShowsEveryKey() throws {
        let example = String(decoding: try #require(exampleBytes()), as: UTF8.self)
        let lines = example.split(separator: "\n").map { line in
            line.drop { $0 == "#" || $0 == " " }
        }
        for (table, keys) in Self.schema {
            for key in keys {
                #expect(lines.contains { $0.hasPrefix(key + " = ") }, "\(table) \(key) is not in the example")
            }
        }
    }

    @Test func theReferenceDocumentsEveryKey() throws {
        guard case .contents(let bytes) = ConfigFile.read(repositoryRoot + "/docs/configuration.md") else {
            Issue.record("no docs/configuration.md")
            return
        }
        let text = String(decoding: bytes, as: UTF8.self)
        for (table, keys) in Self.schema {
            for key in keys {
                #expect(text.contains("`\(key)`") || text.contains("`\(key)`,") || text.contains(".\(key)`"),
                        "\(table) \(key) is not in docs/configuration.md")
            }
        }
    }
}
