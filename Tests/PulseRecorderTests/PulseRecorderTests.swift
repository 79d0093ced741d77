import Synchronization
import Foundation
import PulseLog
@testable import PulseRecorder
import Testing
import TestSupport
import TrainSim
import WagonCore

/// Recording, rotation, gzip and retention on real files.
struct PulseRecorderTests {
    @Test func theRotatedFilesHoldExactlyTheEdgesThatWentInInOrder() throws {
        let log = simulatedLog()
        let directory = temporaryDirectory()
        let recorder = try PulseRecorder(settings: settings(directory), channels: log.channels, metadata: metadata(of: log))
        try record(log.edges, into: recorder)
        try recorder.close()

        let files = try recordedFiles(directory)
        #expect(files.count >= 8, "4 KiB files for ~35 kB of log: \(files.count)")
        #expect(files.allSatisfy { $0.hasSuffix(".csv.gz") })
        #expect(try readBack(files) == log.edges)
        let stats = recorder.stats
        #expect(stats.edgesRecorded == Int64(log.edges.count))
        #expect(stats.filesCreated == files.count)
        #expect(stats.filesCompressed == files.count)
        #expect(stats.edgesDropped == 0)
        #expect(stats.bytesBuffered == 0)
        #expect(stats.currentFile == nil)
        #expect(recorder.files == files)
    }

    @Test func everyFileIsValidGzipWithTheFullHeaderAndUnderTheSizeCap() throws {
        let log = simulatedLog()
        let directory = temporaryDirectory()
        let recorder = try PulseRecorder(settings: settings(directory), channels: log.channels, metadata: metadata(of: log))
        try record(log.edges, into: recorder)
        try recorder.close()

        var plainBytes: Int64 = 0
        for file in try recordedFiles(directory) {
            #expect(try exitStatus("/usr/bin/gzip", "-t", file) == 0, "\(file)")
            let source = try openEdgeSource(path: file)
            #expect(source.metadata.version == 1)
            #expect(source.metadata.sensorSpacing == 0.14)
            #expect(source.metadata["generator"] == "TrainSim")
            // Each file replays on its own: it starts with its own header.
            let plain = try String(decoding: gunzip(file), as: UTF8.self)
            #expect(plain.hasPrefix("# wagon-pulse-log: 1\n# sensor_spacing_m: 0.14\n"))
            #expect(plain.contains("\nt_ns,channel,level\n"))
            #expect(plain.utf8.count <= 4096)
            plainBytes += Int64(plain.utf8.count)
        }
        #expect(recorder.stats.compressedBytesIn == plainBytes)
        #expect(recorder.stats.compressedBytesOut < plainBytes / 2)
    }

    @Test func fileNamesGiveTheUTCSecondOfTheFirstEdgeAndSortInRecordingOrder() throws {
        let directory = temporaryDirectory()
        let recorder = try PulseRecorder(settings: settings(directory), channels: ChannelTable(pointNames: [""]),
                                         metadata: PulseLogMetadata(sensorSpacing: 0.14))
        // 2023-11-14T22:13:20Z, then two files started within the same second.
        let start: Int64 = 1_700_000_000_250_000_000
        try recorder.record([Edge(time: start, .a, occupied: true)], wallClock: start)
        try recorder.rotate()
        try recorder.record([Edge(time: start + 100, .a, occupied: false)], wallClock: start)
        try recorder.rotate()
        try recorder.record([Edge(time: start + 200, .b, occupied: true)], wallClock: start)
        try recorder.rotate()
        try recorder.record([Edge(time: start + 3_000_000_000, .b, occupied: false)], wallClock: start)
        try recorder.close()
        let names = try recordedFiles(directory).map { ($0 as NSString).lastPathComponent }
        #expect(names == ["pulses-20231114T221320Z.csv.gz", "pulses-20231114T221320Z_0001.csv.gz",
                          "pulses-20231114T221320Z_0002.csv.gz", "pulses-20231114T221323Z.csv.gz"])
        #expect(try readBack(try recordedFiles(directory)).map(\.time) == [start, start + 100, start + 200, start + 3_000_000_000])
    }

    @Test func namesParseBackOnlyInTheirOwnSpelling() {
        let name = RecordedFileName(startSeconds: 1_700_000_000, sequence: 12, compressed: true)
        #expect(name.description == "pulses-20231114T221320Z_0012.csv.gz")
        #expect(RecordedFileName(parsing: name.description) == name)
        #expect(RecordedFileName(parsing: "pulses-20231114T221320Z.csv")?.startSeconds == 1_700_000_000)
        for other in ["pulses-20230231T000000Z.csv", "pulses-20231114T221320Z_01.csv", "pulses-20231114T221320Z_0000.csv",
                      "pulses-20231114T221320.csv", "pulses-20231114T221320Z.csv.tmp", "notes.txt", "pulses-x.csv"] {
            #expect(RecordedFileName(parsing: other) == nil, "\(other)")
        }
    }

    @Test func aFileIsRotatedOnceItIsMaxAgeOldEvenWithoutEdges() throws {
        let directory = temporaryDirectory()
        var configuration = settings(directory, maxFileBytes: 1 << 20)
        configuration.maxAge = .seconds(600)
        let recorder = try PulseRecorder(settings: configuration, channels: ChannelTable(pointNames: [""]),
                                         metadata: PulseLogMetadata(sensorSpacing: 0.14))
        let start: Int64 = 1_700_000_000_000_000_000
        try recorder.record([Edge(time: start, .a, occupied: true)], wallClock: start)
        try recorder.tick(wallClock: start + 599_000_000_000)
        #expect(try recordedFiles(directory).map { $0.hasSuffix(".csv") } == [true])
        try recorder.tick(wallClock: start + 600_000_000_000)
        #expect(try recordedFiles(directory).map { $0.hasSuffix(".csv.gz") } == [true])
        #expect(recorder.stats.currentFile == nil)
    }

    @Test func retentionDeletesTheOldestFilesOnceTheDirectoryIsOverItsSizeCap() throws {
        let log = simulatedLog()
        let directory = temporaryDirectory()
        var configuration = settings(directory)
        configuration.retention.maxTotalBytes = 6000
        let recorder = try PulseRecorder(settings: configuration, channels: log.channels, metadata: metadata(of: log))
        try record(log.edges, into: recorder)
        try recorder.close()

        let kept = try recordedFiles(directory)
        let total = kept.reduce(0) { $0 + fileSize($1) }
        #expect(total <= 6000)
        #expect(recorder.stats.filesDeleted > 0)
        #expect(recorder.stats.filesDeleted + kept.count == recorder.stats.filesCreated)
        // What is left is the newest part of the log, whole.
        let edges = try readBack(kept)
        #expect(!edges.isEmpty)
        #expect(Array(log.edges.suffix(edges.count)) == edges)
    }

    @Test func retentionDeletesFilesWhoseEdgesAreAllOlderThanMaxAgeDays() throws {
        let directory = temporaryDirectory()
        var configuration = settings(directory)
        configuration.retention.maxAgeDays = 2
        let recorder = try PulseRecorder(settings: configuration, channels: ChannelTable(pointNames: [""]),
                                         metadata: PulseLogMetadata(sensorSpacing: 0.14))
        let day: Int64 = 86_400_000_000_000
        let start: Int64 = 1_700_000_000_000_000_000
        for index in 0..<4 {
            let time = start + Int64(index) * day
            try recorder.record([Edge(time: time, .a, occupied: true), Edge(time: time + 1, .a, occupied: false)], wallClock: time)
            try recorder.rotate()
        }
        #expect(try recordedFiles(directory).count == 4)
        // Day 3 + 1 h: the file of day 0 ended when day 1's began, more than two days ago.
        try recorder.tick(wallClock: start + 3 * day + 3_600_000_000_000)
        #expect(try readBack(try recordedFiles(directory)).map(\.time) == [start + day, start + day + 1, start + 2 * day,
                                                                         start + 2 * day + 1, start + 3 * day, start + 3 * day + 1])
        try recorder.tick(wallClock: start + 4 * day + 3_600_000_000_000)
        #expect(try recordedFiles(directory).count == 2)
        #expect(recorder.stats.filesDeleted == 2)
    }

    @Test func filesStampedBeforeTheClockWasSetAreNotDeletedForTheirAge() throws {
        // A board without a real-time clock records from 1970 until NTP sets the clock.
        let directory = temporaryDirectory()
        let recorder = try PulseRecorder(settings: settings(directory), channels: ChannelTable(pointNames: [""]),
                                         metadata: PulseLogMetadata(sensorSpacing: 0.14))
        try recorder.record([Edge(time: 5_000_000_000, .a, occupied: true)], wallClock: 5_000_000_000)
        try recorder.rotate()
        let set: Int64 = 1_700_000_000_000_000_000
        try recorder.record([Edge(time: set, .a, occupied: false)], wallClock: set)
        try recorder.rotate()
        // 35 days on: by its stamps the 1970 file ended 35 days ago (when the next began).
        let later = set + 35 * 86_400_000_000_000
        try recorder.record([Edge(time: later, .a, occupied: true)], wallClock: later)
        try recorder.rotate()
        try recorder.tick(wallClock: later + 3_600_000_000_000)
        #expect(try recordedFiles(directory).map { ($0 as NSString).lastPathComponent }
                == ["pulses-19700101T000005Z.csv.gz", "pulses-20231114T221320Z.csv.gz", "pulses-20231219T221320Z.csv.gz"])
    }

    @Test func severalCountingPointsKeepTheirChannelNames() throws {
        let table = ChannelTable(pointNames: ["east", "west"])
        let log = simulatedLog(trains: 1)
        // West sees every edge a microsecond after east.
        let edges = log.edges.flatMap { edge in
            [edge, Edge(time: edge.time + 1000, detector: Detector(point: 1, side: edge.detector.side), occupied: edge.occupied)]
        }.sorted { $0.time < $1.time }
        let directory = temporaryDirectory()
        let recorder = try PulseRecorder(settings: settings(directory), channels: table, metadata: metadata(of: log))
        try record(edges, into: recorder)
        try recorder.close()
        #expect(try readBack(try recordedFiles(directory), channels: table) == edges)
        let plain = String(decoding: try gunzip(try recordedFiles(directory)[0]), as: UTF8.self)
        #expect(plain.contains(",east.A,1\n") && plain.contains(",west.B,0\n"))
    }

    @Test func edgesGoingBackwardsAreRejectedAndNoneOfTheirBatchIsRecorded() throws {
        let directory = temporaryDirectory()
        let recorder = try PulseRecorder(settings: settings(directory), channels: ChannelTable(pointNames: [""]),
                                         metadata: PulseLogMetadata(sensorSpacing: 0.14))
        try recorder.record([Edge(time: 5000, .a, occupied: true)], wallClock: 5000)
        #expect(throws: RecorderError(.rejected, "cannot record edge time 4000: it goes backwards (after 6000); pulse logs need non-decreasing t_ns >= 0")) {
            try recorder.record([Edge(time: 6000, .b, occupied: true), Edge(time: 4000, .a, occupied: false)], wallClock: 6000)
        }
        try recorder.record([Edge(time: 5000, .b, occupied: true)], wallClock: 6000)
        try recorder.close()
        #expect(try readBack(try recordedFiles(directory)).map(\.time) == [5000, 5000])
    }

    @Test func anEdgePastTheCountingRangeIsRejectedWithItsBatch() throws {
        let directory = temporaryDirectory()
        let recorder = try PulseRecorder(settings: settings(directory), channels: ChannelTable(pointNames: [""]),
                                         metadata: PulseLogMetadata(sensorSpacing: 0.14))
        let end = Edge.timeRange.upperBound
        try recorder.record([Edge(time: end - 1, .a, occupied: true)], wallClock: 5000)
        #expect(throws: RecorderError(.rejected, "cannot record edge time \(end + 1): it is past the end of the counting range "
                                      + "(at most 4611686018427387904 ns, 2^62: epoch time in the year 2116); no reader would accept it")) {
            try recorder.record([Edge(time: end, .b, occupied: true), Edge(time: end + 1, .a, occupied: false)], wallClock: 6000)
        }
        // The end of the range itself is still a time a log can hold.
        try recorder.record([Edge(time: end, .b, occupied: true)], wallClock: 6000)
        try recorder.close()
        #expect(try readBack(try recordedFiles(directory)).map(\.time) == [end - 1, end])
    }

    @Test func aSecondRecorderOnTheSameDirectoryIsRefused() throws {
        let directory = temporaryDirectory()
        let channels = ChannelTable(pointNames: [""])
        let first = try PulseRecorder(settings: settings(directory), channels: channels, metadata: PulseLogMetadata())
        #expect(throws: RecorderError(.misconfigured, "cannot record into \(directory): another recorder is using it", errno: EWOULDBLOCK)) {
            _ = try PulseRecorder(settings: settings(directory), channels: channels, metadata: PulseLogMetadata())
        }
        try first.close()
        _ = try PulseRecorder(settings: settings(directory), channels: channels, metadata: PulseLogMetadata())
    }

    /// The refusal closes the directory it opened once: a second close (a
    /// failed init runs deinit) hit the file another thread had just opened,
    /// and a concurrent test's read failed with EBADF on CI.
    @Test func aRefusedLockClosesItsDescriptorOnce() throws {
        let directory = temporaryDirectory()
        let holder = try DirectoryHandle(path: directory)
        var refusals = 0
        let stolen = descriptorsClosedUnderAnotherThread {
            for _ in 0..<5_000 {
                do { _ = try DirectoryHandle(path: directory, lockGrace: 0) } catch { refusals += 1 }
            }
        }
        holder.close()
        #expect(refusals == 5_000)
        #expect(stolen == 0)
    }

    /// A child being spawned holds a copy of the directory's descriptor, and
    /// so its lock, until its exec: that is not a second recorder. Without the
    /// grace, about one reopen in fifteen here was refused.
    @Test func reopeningWhileAnotherThreadSpawnsProcessesIsNotRefused() throws {
        let directory = temporaryDirectory()
        let channels = ChannelTable(pointNames: [""])
        final class Switch: Sendable { let on = Mutex(true) }
        let spawning = Switch()
        let spawner = Thread {
            while spawning.on.withLock({ $0 }) {
                var child: pid_t = 0
                var argv: [UnsafeMutablePointer<CChar>?] = [strdup("/bin/true"), nil]
                if posix_spawn(&child, "/bin/true", nil, nil, &argv, environ) == 0 { waitpid(child, nil, 0) }
                free(argv[0])
            }
        }
        spawner.start()
        defer { spawning.on.withLock { $0 = false } }
        for _ in 0..<300 {
            let recorder = try PulseRecorder(settings: settings(directory), channels: channels, metadata: PulseLogMetadata())
            try recorder.close()
        }
    }

    @Test func withoutCompressionRotatedFilesStayPlainCSV() throws {
        let log = simulatedLog(trains: 1)
        let directory = temporaryDirectory()
        var configuration = settings(directory)
        configuration.compressRotatedFiles = false
        let recorder = try PulseRecorder(settings: configuration, channels: log.channels, metadata: metadata(of: log))
        try record(log.edges, into: recorder)
        try recorder.close()
        let files = try recordedFiles(directory)
        #expect(files.count > 1)
        #expect(files.allSatisfy { $0.hasSuffix(".csv") && fileSize($0) <= 4096 })
        #expect(try readBack(files) == log.edges)
    }
}

/// The whole content of a gzip file, through the system's gzip.
func gunzip(_ path: String) throws -> Data {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: "/usr/bin/gzip")
    process.arguments = ["-dc", path]
    let output = Pipe()
    process.standardOutput = output
    try process.run()
    let data = output.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    return data
}
