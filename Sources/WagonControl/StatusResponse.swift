/// The answer to `status`: what `wagonctl status` shows. Times are
/// nanoseconds since the Unix epoch (UTC), as everywhere in wagond.
public struct StatusResponse: Sendable, Equatable {
    public var site: String
    /// wagond's own version (not the protocol's).
    public var daemonVersion: String
    /// The daemon's wall time when it answered, and when it started.
    public var now: Int64
    public var started: Int64
    public var uptimeSeconds: Int64
    /// Where the edges come from (`GPIO pinctrl-bcm2711`, `simulation ×60, seed 7`).
    public var source: String
    public var ready: Bool
    public var edges: Int
    public var edgesLost: Int
    public var points: [Point]
    public var store: Store
    public var uplinks: [Uplink]
    public var clock: Clock

    public init(site: String, daemonVersion: String, now: Int64, started: Int64, uptimeSeconds: Int64,
                source: String, ready: Bool, edges: Int, edgesLost: Int, points: [Point], store: Store,
                uplinks: [Uplink], clock: Clock) {
        (self.site, self.daemonVersion, self.now, self.started, self.uptimeSeconds) =
            (site, daemonVersion, now, started, uptimeSeconds)
        (self.source, self.ready, self.edges, self.edgesLost) = (source, ready, edges, edgesLost)
        (self.points, self.store, self.uplinks, self.clock) = (points, store, uplinks, clock)
    }

    /// One counting point.
    public struct Point: Sendable, Equatable {
        public var name: String
        public var detectorA: Detector
        public var detectorB: Detector
        public var lastTrain: Train?
        /// Trains completed since local midnight, and since the daemon started.
        public var trainsToday: Int
        public var trainsTotal: Int
        public var axlesTotal: Int
        /// A train is over the point now.
        public var trainOpen: Bool

        public init(name: String, detectorA: Detector = Detector(), detectorB: Detector = Detector(),
                    lastTrain: Train? = nil, trainsToday: Int = 0, trainsTotal: Int = 0, axlesTotal: Int = 0,
                    trainOpen: Bool = false) {
            (self.name, self.detectorA, self.detectorB, self.lastTrain) = (name, detectorA, detectorB, lastTrain)
            (self.trainsToday, self.trainsTotal, self.axlesTotal, self.trainOpen) =
                (trainsToday, trainsTotal, axlesTotal, trainOpen)
        }
    }

    /// One detector of a point (A or B).
    public struct Detector: Sendable, Equatable {
        /// `ok`, or the last problem reported (`detector_silent`, `chattering`, ...).
        public var state: String
        /// When it entered that state; nil while nothing has been reported.
        public var since: Int64?
        /// Problems reported since the daemon started.
        public var problems: Int

        public init(state: String = "ok", since: Int64? = nil, problems: Int = 0) {
            (self.state, self.since, self.problems) = (state, since, problems)
        }
    }

    /// The last completed train at a point.
    public struct Train: Sendable, Equatable {
        public var end: Int64
        /// `AB` or `BA`, and the site's name for it, if it has one.
        public var direction: String
        public var directionName: String?
        public var axles: Int
        public var wagons: Int
        public var locomotives: Int
        public var speedKmh: Double
        public var flags: [String]

        public init(end: Int64, direction: String, directionName: String? = nil, axles: Int, wagons: Int,
                    locomotives: Int, speedKmh: Double, flags: [String] = []) {
            (self.end, self.direction, self.directionName, self.axles) = (end, direction, directionName, axles)
            (self.wagons, self.locomotives, self.speedKmh, self.flags) = (wagons, locomotives, speedKmh, flags)
        }
    }

    /// The durable outbox.
    public struct Store: Sendable, Equatable {
        public var path: String
        public var events: Int
        public var bytes: Int
        public var fileBytes: Int
        public var maxEvents: Int
        public var maxBytes: Int
        public var oldestEvent: Int64?
        /// Events waiting in memory because the disk refuses writes.
        public var heldInMemory: Int
        /// Why the store cannot write, and since when; nil when all is well.
        public var alarm: String?
        public var alarmSince: Int64?
        public var deadLetters: Int
        /// Events dropped at the caps, by class (`diagnostic`, `health`, `train`, `notice`).
        public var dropped: [String: Int]

        public init(path: String, events: Int = 0, bytes: Int = 0, fileBytes: Int = 0, maxEvents: Int = 0,
                    maxBytes: Int = 0, oldestEvent: Int64? = nil, heldInMemory: Int = 0, alarm: String? = nil,
                    alarmSince: Int64? = nil, deadLetters: Int = 0, dropped: [String: Int] = [:]) {
            (self.path, self.events, self.bytes, self.fileBytes) = (path, events, bytes, fileBytes)
            (self.maxEvents, self.maxBytes, self.oldestEvent, self.heldInMemory) =
                (maxEvents, maxBytes, oldestEvent, heldInMemory)
            (self.alarm, self.alarmSince, self.deadLetters, self.dropped) = (alarm, alarmSince, deadLetters, dropped)
        }
    }

    /// One uplink's delivery position and last result.
    public struct Uplink: Sendable, Equatable {
        public var name: String
        /// Events it has still to deliver.
        public var backlog: Int
        public var delivered: Int
        public var failures: Int
        public var lastAttempt: Int64?
        public var lastSuccess: Int64?
        public var lastResult: String?

        public init(name: String, backlog: Int = 0, delivered: Int = 0, failures: Int = 0, lastAttempt: Int64? = nil,
                    lastSuccess: Int64? = nil, lastResult: String? = nil) {
            (self.name, self.backlog, self.delivered, self.failures) = (name, backlog, delivered, failures)
            (self.lastAttempt, self.lastSuccess, self.lastResult) = (lastAttempt, lastSuccess, lastResult)
        }
    }

    /// The system clock's discipline, as the kernel reports it (adjtimex(2)):
    /// train times are only as good as this.
    public struct Clock: Sendable, Equatable {
        public enum Synchronised: String, Sendable {
            case yes, no, unknown
        }

        public var synchronised: Synchronised
        /// The kernel's estimated and maximum error, microseconds, if known.
        public var estimatedErrorMicroseconds: Int64?
        public var maxErrorMicroseconds: Int64?
        /// The offset the kernel is still correcting, microseconds, if known.
        public var offsetMicroseconds: Int64?

        public init(synchronised: Synchronised, estimatedErrorMicroseconds: Int64? = nil,
                    maxErrorMicroseconds: Int64? = nil, offsetMicroseconds: Int64? = nil) {
            self.synchronised = synchronised
            self.estimatedErrorMicroseconds = estimatedErrorMicroseconds
            self.maxErrorMicroseconds = maxErrorMicroseconds
            self.offsetMicroseconds = offsetMicroseconds
        }

        public static let unknown = Clock(synchronised: .unknown)
    }
}
