import Foundation
import TestSupport
import PulseLog
@testable import PulseRecorder
import Testing
import TrainSim
import WagonCore

/// Power cuts and full disks: the files of a previous run are repaired and
/// gzipped, and a disk that says no loses nothing that fits in memory.
@Suite(.serialized) struct PulseRecorderRecoveryTests {
    @Test func aLeftoverWithAHalfWrittenLastLineIsRepairedAndGzippedAtTheNextStart() throws {
        let log = simulatedLog(trains: 1)
        let directory = temporaryDirectory()
        let channels = log.channels
        var configuration = settings(directory, maxFileBytes: 1 << 20)
        do {
            // No close(): the process dies with the file open.
            let recorder = try PulseRecorder(settings: configuration, channels: channels, metadata: metadata(of: log))
            try record(log.edges, into: recorder)
        }
        let leftover = try recordedFiles(directory)
        #expect(leftover.count == 1 && leftover[0].hasSuffix(".csv"))
        // The power cut caught a line halfway.
        let handle = try #require(FileHandle(forWritingAtPath: leftover[0]))
        try handle.seekToEnd()
        try handle.write(contentsOf: Data("1700000999123,A".utf8))
        try handle.close()
        let damaged = fileSize(leftover[0])

        configuration.maxFileBytes = 4096
        let restarted = try PulseRecorder(settings: configuration, channels: channels, metadata: metadata(of: log))
        let later = Edge(time: log.edges.last!.time + 1_000_000_000, .a, occupied: true)
        try restarted.record([later], wallClock: later.time)
        let files = try recordedFiles(directory)
        #expect(files.count == 2)
        #expect(files[0] == leftover[0] + ".gz", "the leftover, gzipped under its own name")
        #expect(files[1].hasSuffix(".csv"), "the new file, after it in name order")
        #expect(try exitStatus("/usr/bin/gzip", "-t", files[0]) == 0)
        #expect(try readBack(files) == log.edges + [later])
        #expect(restarted.stats.filesRepaired == 1)
        #expect(restarted.stats.compressedBytesIn == damaged - 15)
        try restarted.close()
    }

    @Test func aLeftoverWithoutOneCompleteLineIsRemoved() throws {
        let directory = temporaryDirectory()
        let leftover = directory + "/pulses-20231114T221320Z.csv"
        try Data("# wagon-pulse".utf8).write(to: URL(fileURLWithPath: leftover))
        let recorder = try PulseRecorder(settings: settings(directory), channels: ChannelTable(pointNames: [""]),
                                         metadata: PulseLogMetadata(sensorSpacing: 0.14))
        try recorder.tick(wallClock: 1_700_000_000_000_000_000)
        #expect(try recordedFiles(directory).isEmpty)
        #expect(recorder.stats.filesRepaired == 1)
        #expect(recorder.stats.files == 0)
        // The next file still sorts after the stamp the leftover had.
        try recorder.record([Edge(time: 1_700_000_000_000_000_000, .a, occupied: true)], wallClock: 1_700_000_000_000_000_000)
        try recorder.close()
        #expect(try recordedFiles(directory).map { ($0 as NSString).lastPathComponent } == ["pulses-20231114T221320Z_0001.csv.gz"])
    }

    @Test func aCSVBesideItsCompleteGzipAndHalfGzipsOfACrashAreRemoved() throws {
        let log = simulatedLog(trains: 1)
        let directory = temporaryDirectory()
        let recorder = try PulseRecorder(settings: settings(directory), channels: log.channels, metadata: metadata(of: log))
        try record(log.edges, into: recorder)
        try recorder.close()
        let files = try recordedFiles(directory)
        // A crash after the rename but before the .csv was removed, and one
        // in the middle of writing a gzip.
        let first = String(files[0].dropLast(3))
        try Data(gunzip(files[0])).write(to: URL(fileURLWithPath: first))
        let temporary = directory + "/." + (files[1] as NSString).lastPathComponent + ".tmp"
        try Data([0x1F, 0x8B, 0x08]).write(to: URL(fileURLWithPath: temporary))
        try Data("not ours\n".utf8).write(to: URL(fileURLWithPath: directory + "/notes.txt"))

        let restarted = try PulseRecorder(settings: settings(directory), channels: log.channels, metadata: metadata(of: log))
        try restarted.close()
        #expect(try recordedFiles(directory) == files)
        #expect(!FileManager.default.fileExists(atPath: first))
        #expect(!FileManager.default.fileExists(atPath: temporary))
        #expect(FileManager.default.fileExists(atPath: directory + "/notes.txt"))
        #expect(try readBack(files) == log.edges)
        #expect(restarted.stats.files == files.count)
    }

    @Test func aFullDiskKeepsTheEdgesInMemoryAndWritesThemInOrderOnceThereIsRoom() throws {
        let disk = try ScratchFilesystem(sizeKiB: 512)
        let log = simulatedLog()
        let directory = disk.path + "/pulses"
        let recorder = try PulseRecorder(settings: settings(directory), channels: log.channels, metadata: metadata(of: log))
        let third = log.edges.count / 3
        try record(Array(log.edges[..<third]), into: recorder)

        disk.fill()
        var failures: [RecorderError] = []
        for edge in log.edges[third..<(2 * third)] {
            do { try recorder.record([edge], wallClock: edge.time) } catch { failures.append(error) }
        }
        #expect(!failures.isEmpty)
        #expect(failures.allSatisfy { $0.kind == .diskFull && $0.code == ENOSPC })
        #expect(failures.first?.description.hasSuffix(": No space left on device") == true)
        #expect(recorder.stats.bytesBuffered > 0)
        #expect(recorder.stats.edgesDropped == 0)
        // What is in the files meanwhile is whole lines, and a prefix of the input.
        let during = try readBack(try recordedFiles(directory).filter { fileSize($0) > 0 })
        #expect(during == Array(log.edges.prefix(during.count)))

        try disk.removeFiller()
        try record(Array(log.edges[(2 * third)...]), into: recorder)
        try recorder.tick(wallClock: log.edges.last!.time + 2_000_000_000)
        try recorder.close()
        let files = try recordedFiles(directory)
        #expect(files.allSatisfy { $0.hasSuffix(".csv.gz") })
        #expect(try readBack(files) == log.edges)
    }

    @Test func pastTheMemoryCapNewEdgesAreDroppedCountedAndNotedInTheLog() throws {
        let disk = try ScratchFilesystem(sizeKiB: 512)
        // Long enough for 64 KiB of lines to wait in memory.
        let log = simulatedLog(trains: 12)
        let directory = disk.path + "/pulses"
        var configuration = settings(directory, maxFileBytes: 1 << 20)
        configuration.maxBufferedBytes = 1 << 16
        let recorder = try PulseRecorder(settings: configuration, channels: log.channels, metadata: metadata(of: log))
        try recorder.record(log.edges.prefix(100), wallClock: log.edges[99].time)

        disk.fill()
        var index = 100
        while recorder.stats.edgesDropped == 0 && index < log.edges.count - 100 {
            try? recorder.record(log.edges[index..<(index + 10)], wallClock: log.edges[index + 9].time)
            index += 10
        }
        #expect(recorder.stats.edgesDropped == 10, "the batch that found the buffer full")
        try disk.removeFiller()
        try recorder.record(log.edges[index...], wallClock: log.edges.last!.time)
        try recorder.close()

        let files = try recordedFiles(directory)
        let expected = Array(log.edges[..<(index - 10)] + log.edges[index...])
        #expect(try readBack(files) == expected)
        let plain = try files.map { String(decoding: try gunzip($0), as: UTF8.self) }.joined()
        let lost = log.edges[index - 10..<index]
        #expect(plain.contains("\n# 10 edges not recorded from t_ns \(lost.first!.time) to \(lost.last!.time): the disk refused writes\n"))
    }
}
