import CoreMetrics

/// What the delivery loop reports through the swift-metrics API
/// (docs/metrics.md). Backend-agnostic: until the process bootstraps a
/// backend (wagond: Prometheus), these are no-ops.
struct UplinkMetrics: Sendable {
    let delivered: Counter
    let retried: Counter
    let rejected: Counter
    /// Every attempt's duration, whatever came of it.
    let latency: CoreMetrics.Timer

    init(uplink: String, factory: any MetricsFactory) {
        func deliveries(_ result: String) -> Counter {
            Counter(label: "wagond_uplink_deliveries_total", dimensions: [("uplink", uplink), ("result", result)],
                    factory: factory)
        }
        delivered = deliveries("delivered")
        retried = deliveries("retry")
        rejected = deliveries("rejected")
        latency = CoreMetrics.Timer(label: "wagond_uplink_delivery_seconds", dimensions: [("uplink", uplink)],
                                    factory: factory)
    }

    func record(_ outcome: DeliveryOutcome, took duration: Duration) {
        let (seconds, attoseconds) = duration.components
        latency.recordNanoseconds(seconds * 1_000_000_000 + attoseconds / 1_000_000_000)
        switch outcome {
        case .delivered: delivered.increment()
        case .retry: retried.increment()
        case .rejected: rejected.increment()
        }
    }
}
