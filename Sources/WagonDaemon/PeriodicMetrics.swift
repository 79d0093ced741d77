import CoreMetrics
import EventStore
import GPIOInput
import WagonCore

/// What the metrics read from a live source's reader thread.
public struct SourceReading: Sendable, Equatable {
    public var edgesLostInKernel: Int
    public var edgesLostInRing: Int
    /// Edges in the ring, read but not yet counted.
    public var ringPending: Int

    public init(edgesLostInKernel: Int, edgesLostInRing: Int, ringPending: Int) {
        self.edgesLostInKernel = edgesLostInKernel
        self.edgesLostInRing = edgesLostInRing
        self.ringPending = ringPending
    }

    public init(_ reader: GPIOReader) {
        let status = reader.status
        self.init(edgesLostInKernel: status.edgesLostInKernel, edgesLostInRing: status.edgesLostInRing,
                  ringPending: reader.ring.pending)
    }
}

/// The series the metrics service refreshes every few seconds from the
/// outbox's stats and the source's reader. Totals kept elsewhere (the
/// store's drop counts, the reader's losses) become counters by adding
/// what grew since the last look.
struct PeriodicMetrics {
    private let factory: any MetricsFactory
    private let outboxEvents: Gauge
    private let outboxBytes: Gauge
    private let heldInMemory: Gauge
    private var dropped: [EventClass: Counter] = [:]
    private var droppedSeen: [EventClass: Int] = [:]
    /// Drop counts belong to one database: a fresh one (after corruption) starts again.
    private var epochSeen: String?
    private var uplinks: [String: (backlog: Gauge, oldestAge: Gauge)] = [:]
    private let source: (ringPending: Gauge, lostInKernel: Counter, lostInRing: Counter)?
    private var lostSeen = (kernel: 0, ring: 0)

    init(withSource: Bool, factory: any MetricsFactory) {
        self.factory = factory
        outboxEvents = Gauge(label: "wagond_outbox_events", factory: factory)
        outboxBytes = Gauge(label: "wagond_outbox_bytes", factory: factory)
        heldInMemory = Gauge(label: "wagond_outbox_held_in_memory", factory: factory)
        for eventClass in EventClass.allCases {
            dropped[eventClass] = Counter(
                label: "wagond_outbox_dropped_total", dimensions: [("class", eventClass.name)], factory: factory)
        }
        source = withSource ? (
            Gauge(label: "wagond_ring_pending", factory: factory),
            Counter(label: "wagond_edges_lost_total", dimensions: [("where", "kernel")], factory: factory),
            Counter(label: "wagond_edges_lost_total", dimensions: [("where", "ring")], factory: factory)
        ) : nil
    }

    mutating func refresh(source reading: SourceReading?) {
        guard let source, let reading else { return }
        source.ringPending.record(reading.ringPending)
        if reading.edgesLostInKernel > lostSeen.kernel {
            source.lostInKernel.increment(by: reading.edgesLostInKernel - lostSeen.kernel)
            lostSeen.kernel = reading.edgesLostInKernel
        }
        if reading.edgesLostInRing > lostSeen.ring {
            source.lostInRing.increment(by: reading.edgesLostInRing - lostSeen.ring)
            lostSeen.ring = reading.edgesLostInRing
        }
    }

    /// `now`: Unix time, nanoseconds.
    mutating func refresh(store: EventStore, now: Int64) async {
        let stats = await store.stats()
        outboxEvents.record(stats.events)
        outboxBytes.record(stats.bytes)
        heldInMemory.record(stats.heldInMemory)
        // While writes fail the database may be closed and its figures
        // missing: drops and backlogs keep their last values meanwhile.
        guard stats.writeFailure == nil else { return }

        if stats.epoch != epochSeen {
            epochSeen = stats.epoch
            droppedSeen = [:]
        }
        for (eventClass, counter) in dropped {
            let total = stats.dropped[eventClass] ?? 0
            let seen = droppedSeen[eventClass] ?? 0
            if total > seen { counter.increment(by: total - seen) }
            droppedSeen[eventClass] = total
        }

        for uplink in stats.uplinks {
            let gauges = gauges(forUplink: uplink.name)
            gauges.backlog.record(uplink.backlog)
            var age = 0.0
            if uplink.backlog > 0,
               let oldest = try? await store.events(after: uplink.ackedSeq, limit: 1).first {
                age = max(0, Double(now - oldest.time) / 1e9)
            }
            gauges.oldestAge.record(age)
        }
    }

    private mutating func gauges(forUplink name: String) -> (backlog: Gauge, oldestAge: Gauge) {
        if let existing = uplinks[name] { return existing }
        let made = (
            Gauge(label: "wagond_uplink_backlog", dimensions: [("uplink", name)], factory: factory),
            Gauge(label: "wagond_uplink_oldest_undelivered_age_seconds", dimensions: [("uplink", name)],
                  factory: factory)
        )
        uplinks[name] = made
        return made
    }
}
