import Foundation
import PulseLog
@testable import PulseRecorder
import Testing
import TrainSim
import WagonCore

/// Simulated traffic: three trains on a noisy sensor a minute apart, about
/// 1,300 edges (~35 kB of log), with what a counter should report.
func simulatedLog(trains: Int = 3, seed: UInt64 = 7) -> SimulatedLog {
    let consists = [try! Consist(parsing: "2xTE116,20xgondola"), try! Consist(parsing: "vectron,12xuicx")]
    var runs: [TrainRun] = []
    for index in 0..<trains {
        let speed: Double = 40 + 15 * Double(index % 4)
        let direction: TravelDirection = index % 2 == 0 ? .ab : .ba
        runs.append(TrainRun(consist: consists[index % 2], profile: .constant(kmh: speed), direction: direction))
    }
    return Scenario(trains: runs, sensor: SensorModel.ideal.withNoise(of: .noisy), seed: seed, gap: 60).generate()
}

/// The metadata `wagonctl simulate` writes for a log.
func metadata(of log: SimulatedLog) -> PulseLogMetadata {
    PulseLogMetadata(sensorSpacing: SensorModel.ideal.spacing,
                     entries: log.metadata.filter { $0.key != PulseLogMetadata.sensorSpacingKey })
}

/// Hands `edges` to the recorder in batches of 1 to 97 edges, as a counting
/// loop would, with the wall clock at each batch's last edge.
func record(_ edges: [Edge], into recorder: PulseRecorder) throws {
    var start = 0
    var size = 1
    while start < edges.count {
        let end = min(edges.count, start + size)
        try recorder.record(edges[start..<end], wallClock: edges[end - 1].time)
        start = end
        size = size * 7 % 97 + 1
    }
}

/// The recorder's files in the directory, in name order (what replay reads).
func recordedFiles(_ directory: String) throws -> [String] {
    try FileManager.default.contentsOfDirectory(atPath: directory)
        .filter { $0.hasPrefix("pulses-") }.sorted().map { directory + "/" + $0 }
}

/// Every edge of every file, read one file at a time as replay does, with
/// the channels declared up front so that detectors compare equal.
func readBack(_ paths: [String], channels: ChannelTable = ChannelTable(pointNames: [""])) throws -> [Edge] {
    var edges: [Edge] = []
    for path in paths {
        var source = try openEdgeSource(path: path, channels: channels)
        #expect(source.format == .native, "\(path)")
        while try source.readEdges(into: &edges, maxCount: 4096) {}
    }
    return edges
}

/// A fresh empty directory.
func temporaryDirectory(_ label: String = "recorder") -> String {
    let path = NSTemporaryDirectory() + "pulserecorder-test-\(getpid())-\(label)-\(UUID().uuidString.prefix(8))"
    try! FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    return path
}

func settings(_ directory: String, maxFileBytes: Int = 4096) -> RecorderSettings {
    RecorderSettings(directory: directory, maxFileBytes: maxFileBytes, syncInterval: .zero)
}

func fileSize(_ path: String) -> Int64 {
    ((try? FileManager.default.attributesOfItem(atPath: path)[.size]) as? NSNumber)?.int64Value ?? -1
}

func text(of path: String) throws -> String {
    try String(contentsOfFile: path, encoding: .utf8)
}

/// The exit status of a program (`gzip -t`), its output discarded.
func exitStatus(_ executable: String, _ arguments: String...) throws -> Int32 {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: executable)
    process.arguments = arguments
    process.standardOutput = FileHandle.nullDevice
    process.standardError = FileHandle.nullDevice
    try process.run()
    process.waitUntilExit()
    return process.terminationStatus
}
