import Foundation
import Testing
import TestSupport

/// `wagonctl plot`, black-box: simulated trains drawn, their axles counted
/// in the drawing against the simulator's own account of the train.
@Suite struct PlotTests {
    /// Two trains, the second from B to A, and what the simulator says they are.
    static func simulated(_ name: String) throws -> (log: String, expected: [[String: Any]]) {
        let log = NSTemporaryDirectory() + "wagonctl-plot-\(getpid())-\(name).csv"
        let expected = log + ".expected.jsonl"
        let run = try Wagonctl.run(["simulate", "--consist", "2xTE116,6xgondola", "--speed", "30", "--trains", "2",
                                    "--alternate", "-o", log, "--expected", expected])
        #expect(run.status == 0, "\(run.stderr)")
        return (log, try Wagonctl.jsonLines(String(contentsOfFile: expected, encoding: .utf8)))
    }

    @Test func theSVGMarksEveryAxleOfTheTrainInItsDirection() throws {
        let (log, expected) = try Self.simulated("svg")
        for (number, train) in expected.enumerated() {
            let svg = log + ".\(number + 1).svg"
            let run = try Wagonctl.run(["plot", log, "--train", "\(number + 1)", "--svg", svg])
            #expect(run.status == 0, "\(run.stderr)")
            let drawing = try String(contentsOfFile: svg, encoding: .utf8)
            let axles = try #require(train["axles"] as? Int)
            let direction = try #require(train["direction"] as? String)
            // The window is the train and a second either side, and the
            // trains are a minute apart: only this train's axles are in it.
            #expect(drawing.occurrences(of: "class=\"axle-\(direction.lowercased())\"") == axles)
            #expect(drawing.occurrences(of: "class=\"axle-") == axles)
            #expect(drawing.contains("train \(number + 1): \(direction), \(axles) axles"))
            #expect(drawing.occurrences(of: "<path class=\"level\"") == 2)
        }
    }

    @Test func theTextMarksAsManyAxlesAsTheTrainHas() throws {
        let (log, expected) = try Self.simulated("text")
        let run = try Wagonctl.run(["plot", log, "--train", "2", "--ascii", "--width", "400"])
        #expect(run.status == 0, "\(run.stderr)")
        let lines = run.stdout.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        let axleRow = try #require(lines.first { $0.hasPrefix("axles ") })
        // One mark per axle: '<' for one going B to A, a digit for several in one column.
        let marks = axleRow.dropFirst("axles".count).reduce(0) { total, mark in
            total + (mark == "<" ? 1 : Int(String(mark)) ?? 0)
        }
        #expect(marks == expected[1]["axles"] as? Int)
        #expect(!axleRow.contains(">"))
        #expect(lines.contains { $0.hasPrefix("A ") } && lines.contains { $0.hasPrefix("B ") })
        #expect(lines.allSatisfy { $0.allSatisfy(\.isASCII) })
    }

    @Test func atATimeTheTrainStillPassingOrTheNextIsDrawn() throws {
        let (log, expected) = try Self.simulated("at")
        let firstEnd = try #require(expected[0]["end_ns"] as? Int)
        // A directory of logs reads as one stream, as replay reads it.
        let directory = log + ".d"
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        try FileManager.default.copyItem(atPath: log, toPath: directory + "/pulses-1.csv")
        for (at, number) in [(firstEnd - 1, 1), (firstEnd + 1, 2)] {
            let run = try Wagonctl.run(["plot", directory, "--at", "\(at)", "--width", "80"])
            #expect(run.status == 0, "\(run.stderr)")
            let train = expected[number - 1]
            #expect(run.stdout.hasPrefix("\(directory): train \(number): \(train["direction"]!), \(train["axles"]!) axles"),
                    "\(run.stdout.prefix(100))")
        }
    }

    @Test func aLocalTimeAsWagonctlEventsPrintsItFindsItsTrain() throws {
        let (log, expected) = try Self.simulated("local")
        let firstEnd = try #require(expected[0]["end_ns"] as? Int)
        // Written as wagonctl events writes local time, in a zone an hour
        // east of UTC (a POSIX TZ: no tz database needed). A second before
        // the first train's end is within it; two after, the next one comes.
        let format = DateFormatter()
        format.dateFormat = "yyyy-MM-dd HH:mm:ss"
        format.timeZone = TimeZone(secondsFromGMT: 3600)
        func local(_ nanoseconds: Int) -> String { format.string(from: Date(timeIntervalSince1970: Double(nanoseconds) / 1e9)) }
        for (at, number) in [(local(firstEnd - 1_000_000_000), 1), (local(firstEnd + 2_000_000_000), 2)] {
            let run = try runCapturing(URL(fileURLWithPath: "/usr/bin/env"),
                                       ["TZ=CET-1", Wagonctl.binary.path, "plot", log, "--at", at, "--width", "80"])
            #expect(run.status == 0, "\(run.stderr)")
            #expect(run.stdout.hasPrefix("\(log): train \(number): "), "\(at): \(run.stdout.prefix(80))")
        }
    }

    @Test func aWindowOfTimeNeedsNoTrain() throws {
        let (log, _) = try Self.simulated("time")
        let run = try Wagonctl.run(["plot", log, "--from", "0", "--span", "2", "--width", "80"])
        #expect(run.status == 0, "\(run.stderr)")
        #expect(run.stdout.hasPrefix("\(log): +0.000 s to +2.000 s after the first edge"))
    }

    @Test func whatCannotBeDrawnIsAUsageErrorThatSaysWhy() throws {
        let (log, _) = try Self.simulated("errors")
        let cases: [([String], String)] = [
            (["--train", "3"], "wagonctl: \(log) holds 2 trains; there is no train 3 to draw\n"),
            (["--span", "5"], "wagonctl: --span needs --from (a train's window is the train itself)\n"),
            (["--train", "1", "--from", "0"], "wagonctl: give one of --train, --at and --from\n"),
            (["--at", "yesterday"], "wagonctl: --at: expected a local time (2026-11-29 15:32:05), RFC 3339 "
                + "(2026-11-29T14:32:05Z) or t_ns, got 'yesterday'\n"),
            (["--at", "2100-01-01T00:00:00Z"], "wagonctl: \(log) has no train at or after --at 2100-01-01T00:00:00Z\n"),
            (["--width", "39"], "wagonctl: --width must lie between 40 and 20000, got 39\n"),
            (["--width", "209", "--svg", "-"], "wagonctl: --width for --svg must be at least 210 pixels, got 209\n"),
        ]
        for (arguments, message) in cases {
            let run = try Wagonctl.run(["plot", log] + arguments)
            #expect(run.status == 64, "\(arguments)")
            #expect(run.stderr == message)
            #expect(run.stdout.isEmpty)
        }
        let late = try Wagonctl.run(["plot", log, "--from", "100000"])
        #expect(late.status == 64)
        #expect(late.stderr.hasPrefix("wagonctl: \(log) ends ") && late.stderr.hasSuffix(" after its first edge, before --from\n"))
    }

    @Test func aMalformedLogIsBadDataAtItsLine() throws {
        let path = try Wagonctl.temporaryFile("plot-bad.csv", "# wagon-pulse-log: 1\nt_ns,channel,level\n1000,A,1\n2000,C,0\n")
        let run = try Wagonctl.run(["plot", path])
        #expect(run.status == 65)
        #expect(run.stderr.hasPrefix("\(path):4: "))
    }
}

extension String {
    func occurrences(of needle: String) -> Int { components(separatedBy: needle).count - 1 }
}
