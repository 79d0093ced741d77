import Foundation
import PulseLog
import PulseRecorder
import Testing
import WagonCore

/// The recorder's promise, end to end: a directory of rotated, gzipped logs
/// replays with the built wagonctl to the trains of the original log, which
/// are those the simulator built.
@Suite(.serialized) struct RecordedReplayTests {
    /// Simulates four trains, records them through the recorder in 8 KiB
    /// files, and returns the original log, the expected trains and the directory.
    private func recordedDirectory(_ label: String) throws -> (log: String, expected: String, directory: String) {
        let base = NSTemporaryDirectory() + "wagonctl-recorded-\(getpid())-\(label)"
        try? FileManager.default.removeItem(atPath: base)
        try FileManager.default.createDirectory(atPath: base, withIntermediateDirectories: true)
        let log = base + "/simulated.csv", expected = base + "/expected.jsonl", directory = base + "/pulses"
        let simulate = try Wagonctl.run(["simulate", "--consist", "2xTE116,20xgondola", "--speed", "50", "--trains", "4",
                                         "--alternate", "--noise", "--gap", "90", "-o", log, "--expected", expected])
        #expect(simulate.status == 0, "\(simulate.stderr)")

        // What the daemon does: edges in batches from its source to the recorder.
        var source = try openEdgeSource(path: log)
        let metadata = PulseLogMetadata(sensorSpacing: source.metadata.sensorSpacing, entries: source.metadata.entries)
        let recorder = try PulseRecorder(
            settings: RecorderSettings(directory: directory, maxFileBytes: 8192, maxAge: .seconds(120)),
            channels: ChannelTable(pointNames: [""]), metadata: metadata)
        var batch: [Edge] = []
        while try source.readEdges(into: &batch, maxCount: 64) {
            try recorder.record(batch, wallClock: batch.last!.time)
            batch.removeAll(keepingCapacity: true)
        }
        try recorder.close()
        #expect(recorder.stats.filesCompressed > 4)
        return (log, expected, directory)
    }

    @Test func aRecordedDirectoryReplaysToTheTrainsOfTheOriginalLog() throws {
        let (log, expected, directory) = try recordedDirectory("replay")
        let original = try Wagonctl.run(["replay", "--json", log])
        let recorded = try Wagonctl.run(["replay", "--json", directory])
        #expect(recorded.status == 0)
        #expect(recorded.stderr.isEmpty, "\(recorded.stderr)")
        #expect(recorded.stdout == original.stdout)

        let got = try Wagonctl.jsonLines(recorded.stdout)
        let want = try Wagonctl.jsonLines(String(contentsOfFile: expected, encoding: .utf8))
        #expect(got.count == 4)
        #expect(got.count == want.count)
        for (train, truth) in zip(got, want) {
            for key in ["direction", "axles", "vehicles", "wagons", "locomotives"] {
                #expect("\(train[key]!)" == "\(truth[key]!)", "\(key)")
            }
        }
        // A single rotated file replays on its own, with its own header.
        let first = try FileManager.default.contentsOfDirectory(atPath: directory).sorted()[0]
        #expect(first.hasSuffix(".csv.gz"))
        #expect(try Wagonctl.run(["replay", "--json", directory + "/" + first]).status == 0)
    }

    @Test func aCorruptGzipInTheDirectoryIsStatus65NamingTheFile() throws {
        let (_, _, directory) = try recordedDirectory("corrupt")
        let names = try FileManager.default.contentsOfDirectory(atPath: directory).sorted()
        let victim = directory + "/" + names[2]
        var bytes = try Data(contentsOf: URL(fileURLWithPath: victim))
        for index in stride(from: 20, to: bytes.count - 8, by: 7) { bytes[index] ^= 0x5A }
        try bytes.write(to: URL(fileURLWithPath: victim))

        let run = try Wagonctl.run(["replay", "--json", directory])
        #expect(run.status == 65)
        #expect(run.stderr.hasPrefix("\(victim): not valid gzip data: "), "\(run.stderr)")
        #expect(run.stderr.split(separator: "\n").count == 1)

        // Cut short, as a copy interrupted halfway would be.
        let cut = directory + "/" + names[3]
        let whole = try Data(contentsOf: URL(fileURLWithPath: cut))
        try whole.prefix(whole.count / 2).write(to: URL(fileURLWithPath: cut))
        let truncated = try Wagonctl.run(["replay", cut])
        #expect(truncated.status == 65)
        #expect(truncated.stderr == "\(cut): gzip data ends early: the file is truncated\n")
    }

    @Test func aBadLineInsideAGzipReportsItsLineInTheUncompressedText() throws {
        let path = try Wagonctl.temporaryFile("bad-in-gzip.csv", """
            # wagon-pulse-log: 1
            t_ns,channel,level
            1000,A,1
            2000,A,2

            """)
        let gzip = Process()
        gzip.executableURL = URL(fileURLWithPath: "/usr/bin/gzip")
        gzip.arguments = ["-f", path]
        try gzip.run()
        gzip.waitUntilExit()
        let run = try Wagonctl.run(["replay", path + ".gz"])
        #expect(run.status == 65)
        #expect(run.stderr == "\(path).gz:4: level must be 0 or 1, got '2'\n")
    }
}
