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

    @Test func missingInputIsStatus66() throws {
        let run = try Wagonctl.run(["replay", "/nonexistent/trace.csv"])
        #expect(run.status == 66)
        #expect(run.stderr.hasPrefix("/nonexistent/trace.csv: "))
    }

    @Test func badGeometryFileIsStatus78WithFileLine() throws {
        let log = try Wagonctl.temporaryFile("ok.csv", "1000,A,1\n")
        let config = try Wagonctl.temporaryFile("geometry.conf", "sensor_spacing_m = 0.14\nzone = 3\n")
        let run = try Wagonctl.run(["replay", "--config", config, log])
        #expect(run.status == 78)
        #expect(run.stderr == "\(config):2: unknown key 'zone' (expected one of sensor_spacing_m, detection_zone_m, geometry)\n")
    }

    @Test func unknownVehicleTypeIsAUsageError() throws {
        let run = try Wagonctl.run(["simulate", "--consist", "2xTE116,3xspaceship"])
        #expect(run.status == 64)
        #expect(run.stderr.contains("spaceship"))
    }
}
