import PulseLog
import PulseRecorder
import TrainSim
import WagonCore
#if canImport(Glibc)
import Glibc
#endif

// Recorder throughput: simulated trains (noisy sensor) handed to the
// recorder in batches of 256 edges, as the counting loop would, with the
// default settings but 16 MiB files (so that a few million edges rotate
// several times). The wall clock is the real one, so syncs come every 5 s
// as in the daemon. Reports edges/s without gzip, then with it (rotated
// files gzipped a slice per call), the time close() takes (the last gzip)
// and the compression ratio. Usage:
// recorder-throughput [million-edges] [directory]

func now() -> Double {
    var ts = timespec()
    clock_gettime(CLOCK_MONOTONIC, &ts)
    return Double(ts.tv_sec) + Double(ts.tv_nsec) / 1e9
}

func realtime() -> Int64 {
    var ts = timespec()
    clock_gettime(CLOCK_REALTIME, &ts)
    return Int64(ts.tv_sec) * 1_000_000_000 + Int64(ts.tv_nsec)
}

let arguments = CommandLine.arguments
let target = (arguments.count > 1 ? Int(arguments[1]) ?? 5 : 5) * 1_000_000

var scenarios = RandomScenario(seed: 11, noiseProbability: 1, trainsPerScenario: 20...20)
let log = scenarios.next()!.generate()
let span = log.span.upperBound - log.span.lowerBound
var edges: [Edge] = []
edges.reserveCapacity(target)
// On today's clock, as the daemon records (retention reads edge times as epoch).
var shift: Nanoseconds = realtime() - log.edges[0].time
while edges.count < target {
    for edge in log.edges where edges.count < target {
        edges.append(Edge(time: edge.time + shift, detector: edge.detector, occupied: edge.occupied))
    }
    shift += span
}

@MainActor func measure(compress: Bool) throws {
    var template = Array("/tmp/recorder-throughput-XXXXXX".utf8CString)
    let directory = arguments.count > 2 ? arguments[2] + (compress ? "/gzip" : "/plain")
        : String(cString: template.withUnsafeMutableBufferPointer { mkdtemp($0.baseAddress!)! })
    var settings = RecorderSettings(directory: directory, maxFileBytes: 16 << 20)
    settings.compressRotatedFiles = compress
    let recorder = try PulseRecorder(settings: settings, channels: log.channels,
                                     metadata: PulseLogMetadata(sensorSpacing: 0.14, entries: [("detection_zone_m", "0.18")]))
    let start = now()
    for chunkStart in stride(from: 0, to: edges.count, by: 256) {
        try recorder.record(edges[chunkStart..<min(chunkStart + 256, edges.count)], wallClock: realtime())
    }
    let recorded = now()
    try recorder.close()
    let closed = now()
    let stats = recorder.stats

    func mb(_ bytes: Int64) -> String { String(Double(bytes / 10_000) / 100) }
    print("recorder, gzip \(compress ? "on" : "off"): \(edges.count) edges in batches of 256 into \(directory)")
    print("  record: \(Int((recorded - start) * 1000)) ms = \(Double(Int(Double(edges.count) / (recorded - start) / 1e4)) / 100) M edges/s"
          + (compress ? " (with \(stats.filesCompressed - 1) rotated files gzipped on the way)" : ""))
    print("  close: \(Int((closed - recorded) * 1000)) ms")
    print("  \(mb(stats.bytesWritten)) MB of lines in \(stats.filesCreated) files, \(Double(Int(Double(stats.bytesWritten) / Double(edges.count) * 10)) / 10) bytes/edge")
    if compress {
        print("  gzipped to \(mb(stats.compressedBytesOut)) MB: ratio \(Double(Int(Double(stats.compressedBytesIn) / Double(stats.compressedBytesOut) * 10)) / 10)")
    }
}

try measure(compress: false)
try measure(compress: true)
