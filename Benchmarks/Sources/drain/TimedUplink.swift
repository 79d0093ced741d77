import BenchSupport
import EventStore
import Synchronization
import Uplink

/// Passes every call to the real uplink and adds up the time spent in
/// `deliver`: for HTTPUplink that is the batch's JSON, gzip, the POST and the
/// collector's answer. What the drain spends outside it is the outbox's
/// read and acknowledgement and the runner's own work.
final class TimedUplink: Uplink {
    struct Totals {
        var seconds = 0.0
        var calls = 0
        var latencies = Latencies()
        var failures = 0
        var firstFailure: String?
    }

    let inner: any Uplink
    private let totals = Mutex(Totals())

    init(_ inner: any Uplink) { self.inner = inner }

    var name: String { inner.name }

    func deliver(_ batch: [StoredEvent]) async -> DeliveryOutcome {
        let start = Stopwatch.now()
        let outcome = await inner.deliver(batch)
        let elapsed = Stopwatch.now() - start
        totals.withLock { totals in
            totals.seconds += elapsed
            totals.calls += 1
            totals.latencies.add(elapsed)
            if outcome != .delivered {
                totals.failures += 1
                if totals.firstFailure == nil { totals.firstFailure = "\(outcome)" }
            }
        }
        return outcome
    }

    func shutdown() async { await inner.shutdown() }

    var recorded: Totals { totals.withLock { $0 } }
}
