import Foundation
import Testing

/// The CLI, black-box: exit statuses, error lines and the replay contract.
@Suite(.serialized) struct WagonctlTests {
    @Test func simulatedTrainsReplayToWhatTheirConstructionExpects() throws {
        let log = NSTemporaryDirectory() + "wagonctl-sim-\(getpid()).csv"
        let expected = NSTemporaryDirectory() + "wagonctl-sim-\(getpid()).jsonl"
        let simulate = try Wagonctl.run(["simulate", "--consist", "2xTE116,20xgondola", "--speed", "60",
                                         "--trains", "3", "--alternate", "--noise", "-o", log, "--expected", expected])
        #expect(simulate.status == 0)
        let replay = try Wagonctl.run(["replay", "--json", log])
        #expect(replay.status == 0)
        #expect(replay.stderr.isEmpty)
        let got = try Wagonctl.jsonLines(replay.stdout)
        let want = try Wagonctl.jsonLines(String(contentsOfFile: expected, encoding: .utf8))
        #expect(got.count == 3)
        #expect(got.count == want.count)
        for (train, truth) in zip(got, want) {
            for key in ["direction", "axles", "vehicles", "wagons", "locomotives"] {
                #expect("\(train[key]!)" == "\(truth[key]!)", "\(key)")
            }
            for key in ["start_ns", "end_ns", "speed_kmh_avg", "length_m", "flags"] {
                #expect(train[key] != nil, "contract key \(key)")
            }
        }
    }

    @Test func replayReadsStandardInput() throws {
        let simulate = try Wagonctl.run(["simulate", "--consist", "vectron,5xuicx", "--speed", "100", "--direction", "BA"])
        let replay = try Wagonctl.run(["replay", "--json", "-"], stdin: Data(simulate.stdout.utf8))
        let trains = try Wagonctl.jsonLines(replay.stdout)
        #expect(trains.map { $0["axles"] as? Int } == [24])
        #expect(trains.map { $0["direction"] as? String } == ["BA"])
        #expect(trains.map { $0["locomotives"] as? Int } == [1])
    }

    @Test func malformedLogIsRejectedWithFileLineAndStatus65() throws {
        let path = try Wagonctl.temporaryFile("bad.csv", """
            # wagon-pulse-log: 1
            t_ns,channel,level
            1000,A,1
            2000,A,2

            """)
        let run = try Wagonctl.run(["replay", path])
        #expect(run.status == 65)
        #expect(run.stderr.hasPrefix("\(path):4: "))
        #expect(run.stderr.hasSuffix("\n"))
        #expect(run.stderr.split(separator: "\n").count == 1)
    }

    @Test func metadataOutsideASettingsRangeIsBadDataAtItsLine() throws {
        // Positive, so the reader takes it; 50 m is beyond any sensor.
        let spacing = try Wagonctl.temporaryFile("far-apart.csv", """
            # wagon-pulse-log: 1
            # sensor_spacing_m: 50
            t_ns,channel,level
            1000,A,1

            """)
        let far = try Wagonctl.run(["replay", spacing])
        #expect(far.status == 65)
        #expect(far.stderr.hasPrefix("\(spacing):2: sensor_spacing_m must be between "))
        #expect(far.stderr.hasSuffix(" m, got '50'\n"))
        // The last of two entries is the one that counts, and the one named.
        let zone = try Wagonctl.temporaryFile("zone.csv", """
            # wagon-pulse-log: 1
            # detection_zone_m: 0.1
            # sensor_spacing_m: 0.14
            # detection_zone_m: -3
            t_ns,channel,level

            """)
        let negative = try Wagonctl.run(["replay", "--json", zone])
        #expect(negative.status == 65)
        #expect(negative.stderr.hasPrefix("\(zone):4: detection_zone_m must be between "))
        // A flag that says it instead leaves the log's value unread.
        #expect(try Wagonctl.run(["replay", "--spacing", "0.14", spacing]).status == 0)
    }

    @Test func malformedLineDeepInALongLogStopsTheReplayWithItsLine() throws {
        // Long enough that many chunks are queued between the reader thread
        // and the counting thread when the bad line is found.
        // Equal times are allowed; only the error path matters here.
        let text = "# wagon-pulse-log: 1\nt_ns,channel,level\n"
            + String(repeating: "1000,A,1\n1000,A,0\n", count: 150_000) + "1000,A,x\n"
        let path = try Wagonctl.temporaryFile("long-bad.csv", text)
        let run = try Wagonctl.run(["replay", "--json", path])
        #expect(run.status == 65)
        #expect(run.stderr == "\(path):300003: level must be 0 or 1, got 'x'\n")
    }

    /// The repository's fixture directory, found from this source file.
    static let fixtures = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("Fixtures/pulselog").path

    @Test func theSameTrainInEveryInputFormatReplaysToTheSameLine() throws {
        // Fixture 001: one two-axle vehicle from A to B (see its README).
        // The native log says its detectors are 12 mm apart; the others
        // carry no metadata, so the flag says it.
        let inputs: [[String]] = [
            ["\(Self.fixtures)/001-two-axles-ab.csv"],
            ["--spacing", "0.012", "-m", "17=A,27=B", "\(Self.fixtures)/001-two-axles-ab.gpiomon-v1.txt"],
            ["--spacing", "0.012", "-m", "SENSOR_A=A,SENSOR_B=B:active-low", "\(Self.fixtures)/001-two-axles-ab.gpiomon-v2.txt"],
            ["--spacing", "0.012", "-m", "D0=A,D1=B", "\(Self.fixtures)/001-two-axles-ab.vcd"],
        ]
        var lines: [String] = []
        for arguments in inputs {
            let run = try Wagonctl.run(["replay", "--json"] + arguments)
            #expect(run.status == 0, "\(arguments)")
            lines.append(run.stdout)
        }
        #expect(Set(lines).count == 1)
        let train = try Wagonctl.jsonLines(lines[0])
        #expect(train.map { $0["axles"] as? Int } == [2])
        #expect(train.map { $0["direction"] as? String } == ["AB"])
    }

    @Test func aDirectoryReplaysAsOneStreamInNameOrder() throws {
        let directory = NSTemporaryDirectory() + "wagonctl-dir-\(getpid())"
        try? FileManager.default.removeItem(atPath: directory)
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        let whole = directory + ".csv"
        _ = try Wagonctl.run(["simulate", "--consist", "TE116,8xgondola", "--speed", "30", "--trains", "2", "-o", whole])
        // Split mid-train: the second file continues the first one's train.
        let lines = try String(contentsOfFile: whole, encoding: .utf8).split(separator: "\n")
        let header = lines.prefix { $0.hasPrefix("#") || $0.hasPrefix("t_ns") }
        let data = lines.dropFirst(header.count)
        let half = data.count / 2 + 7
        try (header + data.prefix(half)).joined(separator: "\n").appending("\n").write(toFile: directory + "/part-1.csv", atomically: true, encoding: .utf8)
        try (header + data.dropFirst(half)).joined(separator: "\n").appending("\n").write(toFile: directory + "/part-2.csv", atomically: true, encoding: .utf8)
        let single = try Wagonctl.run(["replay", "--json", whole])
        let split = try Wagonctl.run(["replay", "--json", directory])
        #expect(split.status == 0)
        #expect(split.stdout == single.stdout)
        #expect(try Wagonctl.jsonLines(split.stdout).count == 2)

        // Files out of time order are refused, naming the file.
        try FileManager.default.moveItem(atPath: directory + "/part-1.csv", toPath: directory + "/part-3.csv")
        let misordered = try Wagonctl.run(["replay", directory])
        #expect(misordered.status == 65)
        #expect(misordered.stderr.hasPrefix(directory + "/part-3.csv: starts at "))
    }

    @Test func missingInputIsStatus66() throws {
        let run = try Wagonctl.run(["replay", "/nonexistent/trace.csv"])
        #expect(run.status == 66)
        #expect(run.stderr.hasPrefix("/nonexistent/trace.csv: "))
    }

    @Test func badSiteConfigurationIsStatus78WithFileLine() throws {
        let log = try Wagonctl.temporaryFile("ok.csv", "1000,A,1\n")
        let config = try Wagonctl.temporaryFile("site.toml", """
            site = "test"
            board = "generic"
            [[point]]
            name = "east"
            sensor_spacing_m = 0.14
            zone = 3

            """)
        let run = try Wagonctl.run(["replay", "--config", config, log])
        #expect(run.status == 78)
        #expect(run.stderr == "\(config):6: unknown key 'zone' in [[point]]\n")
    }

    @Test func unknownVehicleTypeIsAUsageError() throws {
        let run = try Wagonctl.run(["simulate", "--consist", "2xTE116,3xspaceship"])
        #expect(run.status == 64)
        #expect(run.stderr.contains("spaceship"))
    }
}
