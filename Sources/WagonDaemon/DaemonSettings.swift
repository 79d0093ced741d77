import EventStore
import GPIOInput
import HTTPUplink
import MQTTUplink
import PulseRecorder
import Uplink
import WagonCore

/// Everything the daemon runs with, resolved: the site configuration file
/// (or the demo's embedded default) turned into the modules' own settings.
public struct DaemonSettings: Sendable {
    public var site: String
    public var points: [PointSettings]
    public var source: SourceSettings
    public var store: StoreSettings
    public var uplinks: UplinkSettings
    /// Every edge to rotating pulse logs (PulseRecorder); nil for none.
    public var recorder: RecorderSettings?
    /// `host:port` of the Prometheus endpoint; nil for none.
    public var metricsListen: String?
    /// Path of the control socket; nil for none.
    public var controlSocket: String?

    /// CloudEvents `source` of every event: `wagond/<site>`.
    public var eventSource: String { "wagond/" + site }

    public init(site: String, points: [PointSettings], source: SourceSettings, store: StoreSettings,
                uplinks: UplinkSettings, recorder: RecorderSettings?, metricsListen: String?, controlSocket: String?) {
        self.site = site
        self.points = points
        self.source = source
        self.store = store
        self.uplinks = uplinks
        self.recorder = recorder
        self.metricsListen = metricsListen
        self.controlSocket = controlSocket
    }
}

/// One counting point: its name, the core's settings, and its lines.
public struct PointSettings: Sendable, Equatable {
    public var name: String
    public var counting: CountingPointSettings
    /// Names for the two directions (`AB = "to Khasan"`), shown in reports.
    public var directionNames: [Direction: String]
    /// Detectors A and B, each with its chip, or found by name on whichever
    /// chip has it; unused when the source is simulated.
    public var lineA: DetectorLine
    public var lineB: DetectorLine

    public init(name: String, counting: CountingPointSettings, directionNames: [Direction: String] = [:],
                lineA: DetectorLine, lineB: DetectorLine) {
        self.name = name
        self.counting = counting
        self.directionNames = directionNames
        self.lineA = lineA
        self.lineB = lineB
    }
}

/// Where edges come from.
public enum SourceSettings: Sendable {
    /// The GPIO lines of the points, through libgpiod.
    case gpio(GPIOReaderOptions)
    /// Simulated trains on an accelerated clock: `speedup` simulated seconds
    /// per real second, trains drawn from `seed`, `gap` seconds between trains
    /// on the simulated clock.
    case simulation(speedup: Double, seed: UInt64, gap: ClosedRange<Double>, noisy: Bool)
}

public struct StoreSettings: Sendable, Equatable {
    public var path: String
    public var limits: StoreLimits

    public init(path: String, limits: StoreLimits = StoreLimits()) {
        self.path = path
        self.limits = limits
    }
}

public struct UplinkSettings: Sendable {
    public var http: HTTPUplinkConfiguration?
    public var mqtt: MQTTUplinkConfiguration?
    /// A local JSON-lines file, "-" for standard output.
    public var file: String?
    public var batch: BatchPolicy
    public var backoff: Backoff

    public init(http: HTTPUplinkConfiguration? = nil, mqtt: MQTTUplinkConfiguration? = nil, file: String? = nil,
                batch: BatchPolicy = BatchPolicy(), backoff: Backoff = Backoff()) {
        self.http = http
        self.mqtt = mqtt
        self.file = file
        self.batch = batch
        self.backoff = backoff
    }
}
