import Foundation
import Testing

/// `wagonctl config check` and `--config`, black-box: the built binary's
/// standard output, standard error and exit status, compared exactly.
@Suite(.serialized) struct ConfigCheckTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().path
    static let boards = root + "/boards"
    static let example = root + "/systemd/wagond.example.toml"

    @Test func theExampleIsOK() throws {
        let run = try Wagonctl.run(["config", "check", "--board-dir", Self.boards, Self.example])
        #expect(run.status == 0)
        #expect(run.stderr == "")
        #expect(run.stdout == """
            \(Self.example): ok (site khasan-bridge, 1 point, uplinks: http)
            lines: not checked: no chip pinctrl-bcm2711 here (--hardware checks anyway)

            """)
    }

    @Test func everyErrorIsPrintedInLineOrderWithStatus78() throws {
        let file = try Wagonctl.temporaryFile("broken.toml", """
            site = "Khasan Bridge"
            board = "raspberry-pi-4"
            [[point]]
            name = "east"
            sensor_spacing = 0.14
            [uplink.http]
            url = "https://collector.example.net/v1/events"
            token_file = "/etc/wagond/token"
            credential = "uplink-token"
            [store]
            max_bytes = "512 MB"

            """)
        let run = try Wagonctl.run(["config", "check", "--board-dir", Self.boards, file])
        #expect(run.status == 78)
        #expect(run.stdout == "")
        #expect(run.stderr == """
            \(file):1: site must be 1 to 64 characters from a-z, 0-9, '.', '_' and '-', got 'Khasan Bridge'
            \(file):3: missing required key 'sensor_spacing_m' in [[point]]
            \(file):5: unknown key 'sensor_spacing' in [[point]] (did you mean 'sensor_spacing_m'?)
            \(file):9: give token_file or credential, not both
            \(file):11: max_bytes must be a number of bytes or a size such as "512 MiB" (units B, KiB, MiB, GiB, TiB), got '512 MB'

            """)
    }

    @Test func malformedTOMLIsStatus78() throws {
        let file = try Wagonctl.temporaryFile("malformed.toml", "site = \"x\"\nboard = [\n")
        let run = try Wagonctl.run(["config", "check", file])
        #expect(run.status == 78)
        #expect(run.stderr == "\(file):2: the array opened here is never closed with ']'\n")
    }

    @Test func aMissingFileIsStatus66() throws {
        let run = try Wagonctl.run(["config", "check", "/nonexistent/wagond.toml"])
        #expect(run.status == 66)
        #expect(run.stdout == "")
        #expect(run.stderr == "/nonexistent/wagond.toml: cannot read: No such file or directory\n")
    }

    @Test func aMissingBoardSaysWhereItLooked() throws {
        let file = try Wagonctl.temporaryFile("noboard.toml", """
            site = "x"
            board = "raspberry-pi-9"
            board_dirs = ["/nonexistent/boards"]
            [[point]]
            name = "east"
            sensor_spacing_m = 0.14

            """)
        let run = try Wagonctl.run(["config", "check", "--board-dir", Self.boards, file])
        #expect(run.status == 78)
        #expect(run.stderr == "\(file):2: board 'raspberry-pi-9' not found: no raspberry-pi-9.toml in \(Self.boards) or /nonexistent/boards\n")
    }

    @Test func warningsGoToStandardErrorAndDoNotFail() throws {
        let file = try Wagonctl.temporaryFile("warn.toml", """
            site = "x"
            board = "raspberry-pi-4"
            [[point]]
            name = "east"
            sensor_spacing_m = 0.14
            [uplink.http]
            url = "http://collector.local/events"
            [uplink.file]
            path = "-"
            [metrics]
            listen = "[::]:9464"

            """)
        let run = try Wagonctl.run(["config", "check", "--no-hardware", "--board-dir", Self.boards, file])
        #expect(run.status == 0)
        #expect(run.stderr == """
            \(file):7: warning: url uses plain http: events and the token travel unencrypted
            \(file):11: warning: metrics listen on [::]:9464, not on loopback: anyone who reaches the box can read them

            """)
        #expect(run.stdout == """
            \(file): ok (site x, 1 point, uplinks: http, file)
            lines: not checked (--no-hardware)

            """)
    }

    @Test func linesFoundByNameAreCheckedOnlyOnRequest() throws {
        let file = try Wagonctl.temporaryFile("bbb.toml", """
            site = "mine"
            board = "beaglebone-black"
            [[point]]
            name = "north"
            sensor_spacing_m = 0.14
            [[point]]
            name = "south"
            sensor_spacing_m = 0.14

            """)
        let run = try Wagonctl.run(["config", "check", "--board-dir", Self.boards, file])
        #expect(run.status == 0)
        #expect(run.stdout == """
            \(file): ok (site mine, 2 points, uplinks: none)
            lines: not checked: found by name on any chip (--hardware checks them here)

            """)
    }

    /// No machine that runs the tests has this chip: --hardware must say so,
    /// at the line that names it.
    @Test func hardwareCheckReportsAMissingChipAtItsLine() throws {
        let file = try Wagonctl.temporaryFile("hw.toml", """
            site = "x"
            board = "generic"
            chip = "/dev/wagond-test-no-such-chip"
            [[point]]
            name = "east"
            a = "SENSOR_A"
            b = "SENSOR_B"
            sensor_spacing_m = 0.14

            """)
        let automatic = try Wagonctl.run(["config", "check", "--board-dir", Self.boards, file])
        #expect(automatic.status == 0)
        #expect(automatic.stdout.hasSuffix("lines: not checked: no chip /dev/wagond-test-no-such-chip here (--hardware checks anyway)\n"))
        let run = try Wagonctl.run(["config", "check", "--hardware", "--board-dir", Self.boards, file])
        #expect(run.status == 78)
        #expect(run.stdout == "")
        #expect(run.stderr == "\(file):3: chip '/dev/wagond-test-no-such-chip' not found on this machine (see wagonctl gpio list)\n")
    }

    // MARK: --config in the commands that count

    /// A log from the simulator, and the table `replay` prints for it with flags.
    private func simulatedLog() throws -> String {
        let log = NSTemporaryDirectory() + "wagonctl-config-\(getpid()).csv"
        let simulate = try Wagonctl.run(["simulate", "--consist", "2xTE116,6xgondola", "--speed", "40", "-o", log])
        #expect(simulate.status == 0)
        return log
    }

    @Test func replayTakesThePointsGeometryAndThresholdsFromTheSiteFile() throws {
        let log = try simulatedLog()
        let file = try Wagonctl.temporaryFile("replay.toml", """
            site = "x"
            board = "not-needed-to-count"
            [[point]]
            name = "east"
            sensor_spacing_m = 0.28
            geometry = "overlapping"
            [[point]]
            name = "west"
            sensor_spacing_m = 0.07
            [thresholds]
            min_pulse_ms = 0.8

            """)
        let east = try Wagonctl.run(["replay", "--json", "--config", file, "--point", "east", log])
        let flags = try Wagonctl.run(["replay", "--json", "--spacing", "0.28", "--geometry", "overlapping",
                                      "--min-pulse", "0.8", log])
        #expect(east.status == 0)
        #expect(east.stderr == "")
        #expect(!east.stdout.isEmpty)
        #expect(east.stdout == flags.stdout)
        // Flags still win over the file.
        let west = try Wagonctl.run(["replay", "--json", "--config", file, "--point", "west", "--spacing", "0.28",
                                     "--geometry", "overlapping", log])
        #expect(west.stdout == flags.stdout)
        let defaults = try Wagonctl.run(["replay", "--json", log])
        #expect(defaults.stdout != flags.stdout)
    }

    /// `max_dropout_ms = 0`, which the file allows, trapped the core's
    /// debouncer; the file and the flag now both mean "bridge nothing".
    @Test func noDropoutBridgingReplaysFromTheFileAsFromTheFlag() throws {
        let log = try simulatedLog()
        let file = try Wagonctl.temporaryFile("no-dropout.toml", """
            site = "x"
            board = "not-needed-to-count"
            [[point]]
            name = "east"
            sensor_spacing_m = 0.14
            [thresholds]
            max_dropout_ms = 0

            """)
        let fromFile = try Wagonctl.run(["replay", "--json", "--config", file, log])
        let fromFlag = try Wagonctl.run(["replay", "--json", "--spacing", "0.14", "--max-dropout", "0", log])
        #expect(fromFile.status == 0)
        #expect(fromFile.stderr == "")
        #expect(try Wagonctl.jsonLines(fromFile.stdout).count == 1)
        #expect(fromFile.stdout == fromFlag.stdout)
    }

    @Test func severalPointsNeedPointAndAnUnknownOneIsAUsageError() throws {
        let log = try simulatedLog()
        let file = try Wagonctl.temporaryFile("two.toml", """
            site = "x"
            board = "generic"
            [[point]]
            name = "east"
            sensor_spacing_m = 0.14
            [[point]]
            name = "west"
            sensor_spacing_m = 0.14

            """)
        let none = try Wagonctl.run(["replay", "--config", file, log])
        #expect(none.status == 64)
        #expect(none.stderr == "wagonctl: \(file) has 2 points (east, west): choose one with --point\n")
        let unknown = try Wagonctl.run(["replay", "--config", file, "--point", "north", log])
        #expect(unknown.status == 64)
        #expect(unknown.stderr == "wagonctl: --point: \(file) has no [[point]] named 'north' (it has east, west)\n")
        let missing = try Wagonctl.run(["replay", "--config", "/nonexistent/site.toml", log])
        #expect(missing.status == 66)
        #expect(missing.stderr == "/nonexistent/site.toml: cannot read: No such file or directory\n")
    }
}
