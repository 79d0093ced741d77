import Synchronization
import WagonCore

/// What the daemon knows about itself, shared by the counting loop (writer)
/// and the control socket, metrics and systemd status (readers). Readers get
/// a copy; the lock is held only to copy or to apply one update.
public final class DaemonStatus: Sendable {
    private let state: Mutex<Snapshot>

    public init(site: String, pointNames: [String], startedAt: Nanoseconds) {
        state = Mutex(Snapshot(site: site, startedAt: startedAt, points: pointNames.map { PointStatus(name: $0) }))
    }

    public var snapshot: Snapshot { state.withLock { $0 } }

    public func update(_ body: (inout Snapshot) -> Void) {
        state.withLock { body(&$0) }
    }

    public struct Snapshot: Sendable, Equatable {
        public var site: String
        public var startedAt: Nanoseconds
        public var points: [PointStatus]
        public var edges = 0
        public var edgesLost = 0
        public var source = "starting"
        public var ready = false
        /// Events appended to the outbox, and how many of those were held in
        /// memory because the disk refused them.
        public var eventsStored = 0
        public var eventsHeld = 0
        public var storeAlarm: String?
        /// The newest edge time the core has seen (source clock).
        public var lastEdgeTime: Nanoseconds?
    }
}

/// One counting point, as `wagonctl status` shows it.
public struct PointStatus: Sendable, Equatable {
    public var name: String
    public var trainsTotal = 0
    public var trainsToday = 0
    /// Local calendar day (days since the epoch) `trainsToday` counts.
    public var today: Int64 = 0
    public var axlesTotal = 0
    public var trainOpen = false
    public var lastTrain: TrainSummary?
    /// Per detector (A, B): the last health event's name and wall time;
    /// nil while nothing has been reported.
    public var detectorA: DetectorState = DetectorState()
    public var detectorB: DetectorState = DetectorState()

    public init(name: String) { self.name = name }
}

public struct TrainSummary: Sendable, Equatable {
    public var end: Nanoseconds
    public var direction: String
    public var directionName: String?
    public var axles: Int
    public var wagons: Int
    public var locomotives: Int
    public var speedKmh: Double
    public var flags: [String]
}

public struct DetectorState: Sendable, Equatable {
    /// "ok", or the last problem (`detector_silent`, `chattering`, ...).
    public var state = "ok"
    public var since: Nanoseconds?
    public var problems = 0
}
