import Testing
@testable import WagonConfig

/// A site file with mistakes and the exact lines they must give, written by
/// hand from docs/configuration.md (line numbers counted in the text).
struct BrokenConfig: Sendable, CustomTestStringConvertible {
    var name: String
    var text: String
    var errors: [String]
    var files: [String: String] = [:]
    var testDescription: String { name }
}

/// Lines 1 to 5, valid; a case adds a section from line 6.
private let ok = """
    site = "test"
    board = "raspberry-pi-4"
    [[point]]
    name = "east"
    sensor_spacing_m = 0.14

    """

private let longSocket = "/run/" + String(repeating: "x", count: 110)
private let longLine = String(repeating: "L", count: 40)

/// The nine-point file: generic board, one chip, offsets 0 to 17.
private let ninePoints = "site = \"test\"\nboard = \"generic\"\nchip = \"gpiochip0\"\n" + (0..<9).map {
    "[[point]]\nname = \"p\($0)\"\na = \($0 * 2)\nb = \($0 * 2 + 1)\nsensor_spacing_m = 0.14\n"
}.joined()

let brokenConfigs: [BrokenConfig] = [
    // Unknown keys, at every level.
    .init(name: "unknown top-level key, with a suggestion", text: "bord_dirs = []\n" + ok,
          errors: ["site.toml:1: unknown key 'bord_dirs' at the top level (did you mean 'board_dirs'?)"]),
    .init(name: "unknown key in [[point]], with a suggestion", text: """
        site = "test"
        board = "raspberry-pi-4"
        [[point]]
        name = "east"
        sensor_spacing = 0.14
        """, errors: [
            "site.toml:3: missing required key 'sensor_spacing_m' in [[point]]",
            "site.toml:5: unknown key 'sensor_spacing' in [[point]] (did you mean 'sensor_spacing_m'?)",
        ]),
    .init(name: "unknown key in [thresholds]", text: ok + "[thresholds]\nmin_pulse = 1",
          errors: ["site.toml:7: unknown key 'min_pulse' in [thresholds] (did you mean 'min_pulse_ms'?)"]),
    .init(name: "unknown key in [store]", text: ok + "[store]\nsize = \"1 GiB\"",
          errors: ["site.toml:7: unknown key 'size' in [store]"]),
    .init(name: "unknown uplink", text: ok + "[uplink.amqp]\nhost = \"x\"",
          errors: ["site.toml:6: unknown key 'amqp' in [uplink]"]),
    .init(name: "unknown key in [uplink.http]", text: ok + "[uplink.http]\nurl = \"https://c.example/e\"\ntimeout = 30",
          errors: ["site.toml:8: unknown key 'timeout' in [uplink.http] (did you mean 'timeout_s'?)"]),
    .init(name: "unknown key in [uplink.mqtt], and no host", text: ok + "[uplink.mqtt]\nhostname = \"broker\"", errors: [
        "site.toml:6: missing required key 'host' in [uplink.mqtt]",
        "site.toml:7: unknown key 'hostname' in [uplink.mqtt]",
    ]),
    .init(name: "unknown key in [recorder]", text: ok + "[recorder]\nmax_age = 30",
          errors: ["site.toml:7: unknown key 'max_age' in [recorder] (did you mean 'max_age_days'?)"]),
    .init(name: "unknown key in [metrics]", text: ok + "[metrics]\nport = 9464",
          errors: ["site.toml:7: unknown key 'port' in [metrics]"]),
    .init(name: "unknown direction, differing in case", text: ok + "directions = { AB = \"to Khasan\", Ba = \"to Tumangang\" }",
          errors: ["site.toml:6: unknown key 'Ba' in the directions of [[point]] (did you mean 'BA'?)"]),

    // Wrong types.
    .init(name: "a number as a string", text: ok.replacing("sensor_spacing_m = 0.14", with: "sensor_spacing_m = \"0.14\""),
          errors: ["site.toml:5: sensor_spacing_m must be a number of metres, got a string"]),
    .init(name: "a boolean as a string", text: ok + "[uplink.http]\nurl = \"https://c.example/e\"\ngzip = \"yes\"",
          errors: ["site.toml:8: gzip must be true or false, got a string"]),
    .init(name: "an integer as a float", text: ok + "[uplink.http]\nurl = \"https://c.example/e\"\nbatch_max_events = 500.0",
          errors: ["site.toml:8: batch_max_events must be an integer, got a float"]),
    .init(name: "a section as a string", text: "store = \"/var/lib/wagond\"\n" + ok,
          errors: ["site.toml:1: store must be a table, got a string"]),
    .init(name: "point as a string", text: "site = \"test\"\nboard = \"raspberry-pi-4\"\npoint = \"east\"",
          errors: ["site.toml:3: point must be [[point]] tables, got a string"]),

    // Impossible values.
    .init(name: "sensor spacing out of range", text: ok.replacing("sensor_spacing_m = 0.14", with: "sensor_spacing_m = 3"),
          errors: ["site.toml:5: sensor_spacing_m must be between 0.02 and 2 m, got 3"]),
    .init(name: "detection zone of zero", text: ok + "detection_zone_m = 0",
          errors: ["site.toml:6: detection_zone_m must be more than 0 and less than 1 m, got 0"]),
    .init(name: "unknown geometry", text: ok + "geometry = \"diagonal\"",
          errors: ["site.toml:6: geometry must be auto, overlapping or apart, got 'diagonal'"]),
    .init(name: "minimum pulse out of range", text: ok + "[thresholds]\nmin_pulse_ms = 30",
          errors: ["site.toml:7: min_pulse_ms must be between 0.05 and 20 ms, got 30"]),
    .init(name: "idle minimum above the maximum", text: ok + "[thresholds]\ntrain_idle_min_s = 200\ntrain_idle_max_s = 100",
          errors: ["site.toml:7: train_idle_min_s must be at most train_idle_max_s (100 s), got 200"]),
    .init(name: "too few events", text: ok + "[store]\nmax_events = 10",
          errors: ["site.toml:7: max_events must be between 1000 and 100_000_000, got 10"]),
    .init(name: "a size in MB", text: ok + "[store]\nmax_bytes = \"512 MB\"",
          errors: [#"site.toml:7: max_bytes must be a number of bytes or a size such as "512 MiB" (units B, KiB, MiB, GiB, TiB), got '512 MB'"#]),
    .init(name: "a size without a unit", text: ok + "[recorder]\nmax_file_size = \"64\"",
          errors: [#"site.toml:7: max_file_size must be a number of bytes or a size such as "512 MiB" (units B, KiB, MiB, GiB, TiB), got '64'"#]),
    .init(name: "a size too small", text: ok + "[recorder]\nmax_total_size = 1024",
          errors: ["site.toml:7: max_total_size must be between 1 MiB and 1 TiB, got 1 KiB"]),
    .init(name: "all recordings smaller than one file", text: ok + "[recorder]\nmax_file_size = \"1 GiB\"\nmax_total_size = \"512 MiB\"",
          errors: ["site.toml:8: max_total_size must be at least max_file_size (1 GiB), got 512 MiB"]),
    .init(name: "site name with a space", text: ok.replacing("site = \"test\"", with: "site = \"Khasan Bridge\""),
          errors: ["site.toml:1: site must be 1 to 64 characters from a-z, 0-9, '.', '_' and '-', got 'Khasan Bridge'"]),
    .init(name: "line name longer than the kernel allows", text: ok + "a = \"\(longLine)\"",
          errors: ["site.toml:6: a must be a line name of 1 to 31 bytes (the kernel's limit), got '\(longLine)'"]),
    .init(name: "listen without a host", text: ok + "[metrics]\nlisten = \"9464\"",
          errors: ["site.toml:7: listen must be host:port, such as 127.0.0.1:9464, got '9464'"]),
    .init(name: "an FTP url", text: ok + "[uplink.http]\nurl = \"ftp://c.example/e\"",
          errors: ["site.toml:7: url must be an http:// or https:// URL, got 'ftp://c.example/e'"]),
    .init(name: "a socket path too long", text: ok + "[control]\nsocket = \"\(longSocket)\"",
          errors: ["site.toml:7: socket must be a path of 1 to 107 bytes (a Unix socket's limit), got '\(longSocket)'"]),
    .init(name: "unknown log level", text: ok + "[log]\nlevel = \"verbose\"",
          errors: ["site.toml:7: level must be trace, debug, info, notice, warning, error or critical, got 'verbose'"]),
    .init(name: "nine points", text: ninePoints,
          errors: ["site.toml:44: at most 8 counting points; this [[point]] is number 9"]),

    // Required keys.
    .init(name: "no site", text: "board = \"raspberry-pi-4\"\n[[point]]\nname = \"east\"\nsensor_spacing_m = 0.14",
          errors: ["site.toml:1: missing required key 'site' at the top level"]),
    .init(name: "no points", text: "site = \"test\"\nboard = \"raspberry-pi-4\"",
          errors: ["site.toml:1: missing [[point]]: give each counting point (1 to 8) a [[point]] table"]),

    // Cross-checks.
    .init(name: "two points with one name", text: ok + "[[point]]\nname = \"east\"\nsensor_spacing_m = 0.14",
          errors: ["site.toml:7: point name 'east' is used twice (first at line 4)"]),
    .init(name: "one line for two points", text: ok + "[[point]]\nname = \"west\"\na = \"GPIO17\"\nsensor_spacing_m = 0.14",
          errors: ["site.toml:8: west.A uses line 'GPIO17' on chip pinctrl-bcm2711, as east.A does (line 3)"]),
    .init(name: "one line for A and B", text: ok + "a = \"GPIO27\"",
          errors: ["site.toml:3: east.B uses line 'GPIO27' on chip pinctrl-bcm2711, as east.A does (line 6)"]),
    .init(name: "token file and credential", text: ok + """
        [uplink.http]
        url = "https://c.example/e"
        token_file = "/etc/wagond/token"
        credential = "uplink-token"
        """, errors: ["site.toml:9: give token_file or credential, not both"]),
    .init(name: "client certificate without its key",
          text: ok + "[uplink.http]\nurl = \"https://c.example/e\"\nclient_certificate = \"/etc/wagond/client.pem\"",
          errors: ["site.toml:8: client_certificate needs client_key"]),
    .init(name: "MQTT options that contradict", text: ok + """
        [uplink.mqtt]
        host = "broker"
        tls = false
        ca_file = "/etc/ca.pem"
        password_file = "/etc/p"
        """, errors: [
            "site.toml:9: ca_file needs tls = true",
            "site.toml:10: password_file needs username (MQTT sends no password without a user name)",
        ]),
    .init(name: "unknown board", text: ok.replacing("raspberry-pi-4", with: "raspberry-pi-9"),
          errors: ["site.toml:2: board 'raspberry-pi-9' not found: no raspberry-pi-9.toml in /etc/wagond/boards or /usr/share/wagond/boards"]),
    .init(name: "a point without lines on the generic board", text: ok.replacing("raspberry-pi-4", with: "generic"),
          errors: ["site.toml:3: missing keys 'a' and 'b' in [[point]] 'east': board generic has no [point1] defaults"]),
    .init(name: "a third point on a two-point board", text: ok + """
        [[point]]
        name = "west"
        sensor_spacing_m = 0.14
        [[point]]
        name = "third"
        a = "GPIO5"
        sensor_spacing_m = 0.14
        """, errors: ["site.toml:9: missing key 'b' in [[point]] 'third': board raspberry-pi-4 has no [point3] defaults"]),
    .init(name: "a board point the profile lacks", text: ok + "board_point = 3",
          errors: ["site.toml:6: board_point 3: board raspberry-pi-4 has no [point3] (it has [point1] and [point2])"]),
    .init(name: "offsets without a chip", text: ok.replacing("raspberry-pi-4", with: "generic") + "a = 4\nb = 5", errors: [
        "site.toml:6: a = 4 is an offset, which needs a chip: set chip in this [[point]] or at the top level",
        "site.toml:7: b = 5 is an offset, which needs a chip: set chip in this [[point]] or at the top level",
    ]),
    .init(name: "a broken board profile of the site's own",
          text: ok.replacing("\"raspberry-pi-4\"", with: "\"./myboard.toml\""),
          errors: ["./myboard.toml:5: bias must be pull-up, pull-down, disabled or as-is, got 'up'"],
          files: ["./myboard.toml": "schema = 1\nid = \"myboard\"\nname = \"Mine\"\nchip = \"c\"\nbias = \"up\"\nactive_low = true\nwiring = \"\""]),

    // Not TOML.
    .init(name: "an unquoted string", text: ok.replacing("name = \"east\"", with: "name = east"),
          errors: ["site.toml:4: expected a value, found 'east' (strings need quotes)"]),
    .init(name: "a key given twice", text: ok + "name = \"west\"",
          errors: ["site.toml:6: duplicate key 'name' (first at line 4)"]),

    // Everything at once, in line order.
    .init(name: "several mistakes", text: """
        site = "Test"
        board = "raspberry-pi-4"
        colour = "red"
        [[point]]
        name = "east"
        sensor_spacing_m = 5
        [store]
        max_events = 1
        [log]
        level = "loud"
        """, errors: [
            "site.toml:1: site must be 1 to 64 characters from a-z, 0-9, '.', '_' and '-', got 'Test'",
            "site.toml:3: unknown key 'colour' at the top level",
            "site.toml:6: sensor_spacing_m must be between 0.02 and 2 m, got 5",
            "site.toml:8: max_events must be between 1000 and 100_000_000, got 1",
            "site.toml:10: level must be trace, debug, info, notice, warning, error or critical, got 'loud'",
        ]),
]

@Suite struct BrokenConfigTests {
    @Test func theTableHasACaseForEveryKindOfMistake() {
        #expect(brokenConfigs.count >= 25)
    }

    @Test(arguments: brokenConfigs) func brokenConfigGivesExactlyItsErrors(_ test: BrokenConfig) {
        #expect(errorLines(test.text, files: test.files) == test.errors)
    }

    @Test func theBaseOfTheTableIsValid() throws {
        #expect(errorLines(ok) == [])
        let eight = try #require(ninePoints.firstRange(of: "[[point]]\nname = \"p8\"")).lowerBound
        #expect(try site(String(ninePoints[..<eight])).points.count == 8)
    }
}
