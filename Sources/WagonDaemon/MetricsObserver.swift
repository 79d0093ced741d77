import CoreMetrics
import EventStore
import Synchronization
import WagonCore

/// Counts what the counting loop does with the swift-metrics API
/// (docs/metrics.md): edges per point, axles and trains per point and
/// direction, health events per detector and kind, and the outbox appends
/// with their duration. The process's backend decides where they go.
public final class MetricsObserver: CountingObserver {
    private let factory: any MetricsFactory
    /// Per point index; made on first sight, under one lock per turn.
    private let points: Mutex<[Int: PointCounters]>
    private let appendedEvents: Counter
    private let appendDuration: CoreMetrics.Timer

    /// `pointNames` (in the channel table's order) get their edge, axle and
    /// train series at zero from the start, so rates work from the first scrape.
    public init(pointNames: [String] = [], factory: any MetricsFactory = MetricsSystem.factory) {
        self.factory = factory
        let table = ChannelTable(pointNames: pointNames)
        var points: [Int: PointCounters] = [:]
        for index in pointNames.indices {
            points[index] = PointCounters(point: table.pointName(index), factory: factory)
        }
        self.points = Mutex(points)
        appendedEvents = Counter(label: "wagond_outbox_appends_total", factory: factory)
        appendDuration = CoreMetrics.Timer(label: "wagond_outbox_append_seconds", factory: factory)
    }

    /// The per-point edge counts come with `counted(edges:…)`.
    public func edgesCounted(_ count: Int) {}

    public func eventsStored(_ events: [NewEvent]) {}

    public func counted(edges: [Edge], events: [WagonEvent], channels: ChannelTable) {
        points.withLock { points in
            func counters(_ point: Int) -> PointCounters {
                if let existing = points[point] { return existing }
                let made = PointCounters(point: channels.pointName(point), factory: factory)
                points[point] = made
                return made
            }
            // Edges come in runs of one point: one increment per run.
            var start = 0
            while start < edges.count {
                let point = edges[start].detector.point
                var end = start + 1
                while end < edges.count, edges[end].detector.point == point { end += 1 }
                counters(point).edges.increment(by: end - start)
                start = end
            }
            for event in events {
                switch event {
                case .axle(let axle):
                    counters(axle.point).axles(axle.direction).increment()
                case .trainCompleted(let report):
                    counters(report.point).trains(report.direction).increment()
                case .health(let health):
                    let point = health.detector.point
                    var series = counters(point)
                    series.health(health.detector.side, health.name, factory: factory).increment()
                    points[point] = series
                case .trainStarted:
                    break
                }
            }
        }
    }

    public func outboxAppended(_ count: Int, receipt: AppendReceipt, duration: Duration) {
        appendedEvents.increment(by: count)
        appendDuration.recordNanoseconds(duration.nanoseconds)
    }
}

/// One counting point's series.
private struct PointCounters: Sendable {
    let point: String
    let edges: Counter
    let axlesAB, axlesBA, axlesUnknown: Counter
    let trainsAB, trainsBA: Counter
    /// By detector letter and health event name, made as they occur.
    var healthEvents: [String: Counter] = [:]

    init(point: String, factory: any MetricsFactory) {
        self.point = point
        edges = Counter(label: "wagond_edges_total", dimensions: [("point", point)], factory: factory)
        func perDirection(_ label: String, _ direction: String) -> Counter {
            Counter(label: label, dimensions: [("point", point), ("direction", direction)], factory: factory)
        }
        axlesAB = perDirection("wagond_axles_total", Direction.ab.rawValue)
        axlesBA = perDirection("wagond_axles_total", Direction.ba.rawValue)
        axlesUnknown = perDirection("wagond_axles_total", "unknown")
        trainsAB = perDirection("wagond_trains_total", Direction.ab.rawValue)
        trainsBA = perDirection("wagond_trains_total", Direction.ba.rawValue)
    }

    func axles(_ direction: Direction?) -> Counter {
        switch direction {
        case .ab: axlesAB
        case .ba: axlesBA
        case nil: axlesUnknown
        }
    }

    func trains(_ direction: Direction) -> Counter {
        direction == .ab ? trainsAB : trainsBA
    }

    mutating func health(_ side: Side, _ kind: String, factory: any MetricsFactory) -> Counter {
        let key = side.letter + kind
        if let existing = healthEvents[key] { return existing }
        let made = Counter(label: "wagond_health_events_total",
                           dimensions: [("point", point), ("detector", side.letter), ("kind", kind)],
                           factory: factory)
        healthEvents[key] = made
        return made
    }
}
