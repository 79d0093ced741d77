import CoreMetrics
import Prometheus

/// The process's metrics backend: swift-metrics bootstrapped once with a
/// Prometheus registry, which `MetricsService` serves. Every other module
/// reports through the backend-agnostic swift-metrics API (docs/metrics.md).
public enum DaemonMetrics {
    /// Bootstraps swift-metrics with the Prometheus backend on the first
    /// call and returns its registry; later calls return the same registry.
    /// Call it before building anything that reports (uplink runners, the
    /// metrics observer): metrics made earlier stay no-ops.
    @discardableResult
    public static func bootstrap() -> PrometheusCollectorRegistry { bootstrapped }

    private static let bootstrapped: PrometheusCollectorRegistry = {
        let registry = PrometheusCollectorRegistry()
        MetricsSystem.bootstrap(makeFactory(registry: registry))
        return registry
    }()

    /// A factory for `registry` with wagond's histogram buckets: what
    /// `bootstrap` installs, and what tests pass explicitly.
    public static func makeFactory(registry: PrometheusCollectorRegistry) -> PrometheusMetricsFactory {
        var factory = PrometheusMetricsFactory(registry: registry)
        // A synced SQLite commit: a millisecond on good flash, seconds on a dying card.
        factory.durationHistogramBuckets["wagond_outbox_append_seconds"] = [
            .microseconds(500), .milliseconds(1), .milliseconds(2), .milliseconds(5), .milliseconds(10),
            .milliseconds(25), .milliseconds(50), .milliseconds(100), .milliseconds(250), .milliseconds(500),
            .seconds(1), .seconds(5),
        ]
        // One batch over a cellular link: tens of milliseconds to a timeout.
        factory.durationHistogramBuckets["wagond_uplink_delivery_seconds"] = [
            .milliseconds(10), .milliseconds(25), .milliseconds(50), .milliseconds(100), .milliseconds(250),
            .milliseconds(500), .seconds(1), .milliseconds(2500), .seconds(5), .seconds(10), .seconds(30),
            .seconds(60),
        ]
        return factory
    }

    /// One line per metric family, for the `# HELP` lines the swift-metrics
    /// API cannot carry. docs/metrics.md says more about each.
    static let help: [String: String] = [
        "wagond_build_info": "Always 1; the version label says which wagond runs.",
        "wagond_edges_total": "Edges the counting loop read, per counting point.",
        "wagond_axles_total": "Axle passages the core counted (direction unknown when one detector is out).",
        "wagond_trains_total": "Trains completed, by the direction their axles passed in.",
        "wagond_health_events_total": "Detector health events, by detector (A or B) and kind.",
        "wagond_edges_lost_total": "Edges lost before counting: dropped by the kernel, or at the full ring.",
        "wagond_ring_pending": "Edges waiting in the ring between the GPIO reader and the counting loop.",
        "wagond_outbox_events": "Events in the outbox on disk.",
        "wagond_outbox_bytes": "Bytes the outbox's events count against its byte cap.",
        "wagond_outbox_held_in_memory": "Events waiting in memory because the disk refuses writes.",
        "wagond_outbox_dropped_total": "Events dropped at the outbox's caps over the database's life, by class.",
        "wagond_outbox_appends_total": "Events the counting loop appended to the outbox.",
        "wagond_outbox_append_seconds": "Duration of one append to the outbox (one synced transaction).",
        "wagond_uplink_deliveries_total": "Batch delivery attempts, by uplink and result.",
        "wagond_uplink_delivery_seconds": "Duration of one batch delivery attempt, whatever its result.",
        "wagond_uplink_backlog": "Events the uplink has still to deliver.",
        "wagond_uplink_oldest_undelivered_age_seconds":
            "Age of the oldest event the uplink has not delivered, by the event's own time; 0 when none waits.",
    ]

    /// The registry's text exposition, families sorted by name, each with
    /// its `# HELP` line.
    static func exposition(_ registry: PrometheusCollectorRegistry) -> String {
        var families: [(name: Substring, lines: [Substring])] = []
        for line in registry.emitToString().split(separator: "\n") {
            if line.hasPrefix("# TYPE ") {
                families.append((line.dropFirst(7).prefix { $0 != " " }, [line]))
            } else if families.isEmpty {
                families.append(("", [line]))
            } else {
                families[families.count - 1].lines.append(line)
            }
        }
        families.sort { $0.name < $1.name }
        var text = ""
        for family in families {
            if let help = help[String(family.name)] { text += "# HELP \(family.name) \(help)\n" }
            for line in family.lines { text += line + "\n" }
        }
        return text
    }
}

/// The daemon's version, as `wagond_build_info` reports it.
public enum WagondVersion {
    public static let current = "0.1.0"
}
