import EventStore
import HTTPUplink
import PulseRecorder
import Uplink
import WagonCore

#if canImport(Glibc)
import Glibc
#endif

/// The embedded default behind `wagond --demo`: one simulated counting
/// point, an outbox under the data directory, uploads to a file there (or a
/// URL), the control socket beside it, metrics on loopback.
public enum DemoSettings {
    /// Simulated seconds per real second: from slow motion, to watch a train
    /// pass, to a day of traffic a second. `wagond --speedup` checks it too.
    public static let speedupRange: ClosedRange<Double> = 0.1...100_000

    public static func make(dataDirectory: String, upload: String?, speedup: Double, seed: UInt64) throws -> DaemonSettings {
        guard speedupRange.contains(speedup) else {
            throw DaemonError(code: .configuration, message: "--speedup must lie between 0.1 and 100000, got \(speedup)")
        }
        try makeDirectory(dataDirectory)
        var uplinks = UplinkSettings(batch: BatchPolicy(maxEvents: 100, maxAge: .milliseconds(500)),
                                     backoff: Backoff(base: .milliseconds(200), cap: .seconds(10)))
        let destination = upload ?? dataDirectory + "/uploaded.jsonl"
        if destination.hasPrefix("http://") || destination.hasPrefix("https://") {
            uplinks.http = HTTPUplinkConfiguration(url: destination, source: "wagond/demo", requestTimeout: .seconds(10))
        } else {
            uplinks.file = destination
        }
        let point = PointSettings(
            name: "demo", counting: CountingPointSettings(),
            directionNames: [.ab: "eastbound", .ba: "westbound"],
            lineA: .init(channel: "demo.A", line: .offset(0)), lineB: .init(channel: "demo.B", line: .offset(1)))
        return DaemonSettings(
            site: "demo", points: [point],
            source: .simulation(speedup: speedup, seed: seed, gap: 120...900, noisy: true),
            store: StoreSettings(path: dataDirectory + "/outbox.db"),
            uplinks: uplinks, recorder: RecorderSettings(directory: dataDirectory + "/pulses"), metricsListen: "127.0.0.1:9464",
            controlSocket: dataDirectory + "/control.sock")
    }

    static func makeDirectory(_ path: String) throws {
        if mkdir(path, 0o750) != 0 && errno != EEXIST {
            throw DaemonError(code: .configuration, message: "cannot create \(path): \(String(cString: strerror(errno)))")
        }
    }
}
