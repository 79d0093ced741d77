import CoreMetrics
import EventStore
import Logging

/// Moves events from the outbox through one uplink, in order, until
/// cancelled: acknowledges what was delivered, dead-letters what was refused,
/// and backs off (full jitter, or the backend's Retry-After) on failures.
public struct UplinkRunner: Sendable {
    public let uplink: any Uplink
    public let store: EventStore
    public let policy: BatchPolicy
    public let backoff: Backoff
    let logger: Logger
    let metrics: UplinkMetrics

    /// Delivery counts and latency go to `metricsFactory` (the process's
    /// bootstrapped backend unless told otherwise; docs/metrics.md).
    public init(uplink: any Uplink, store: EventStore, policy: BatchPolicy = BatchPolicy(),
                backoff: Backoff = Backoff(), logger: Logger,
                metricsFactory: any MetricsFactory = MetricsSystem.factory) {
        self.uplink = uplink
        self.store = store
        self.policy = policy
        self.backoff = backoff
        self.logger = logger
        self.metrics = UplinkMetrics(uplink: uplink.name, factory: metricsFactory)
    }

    /// Runs until the task is cancelled. Does not shut the uplink down.
    public func run() async {
        var state = State()
        while !Task.isCancelled {
            let pause = await step(&state, waitForFullBatches: true)
            if let pause {
                do { try await Task.sleep(for: pause) } catch { return }
            }
        }
    }

    /// Delivers until the outbox holds nothing for this uplink, without
    /// waiting for batches to fill; gives up after `maxFailures` failures in
    /// a row. Returns the events delivered (`wagonctl queue flush`, benchmarks).
    public func drain(maxFailures: Int = 5) async -> DrainResult {
        var state = State()
        while !Task.isCancelled {
            let pause = await step(&state, waitForFullBatches: false)
            if state.idle { return DrainResult(delivered: state.delivered, lastFailure: nil) }
            if state.failures >= maxFailures { return DrainResult(delivered: state.delivered, lastFailure: state.lastFailure) }
            if let pause {
                do { try await Task.sleep(for: pause) } catch { break }
            }
        }
        return DrainResult(delivered: state.delivered, lastFailure: state.lastFailure)
    }

    public struct DrainResult: Sendable, Equatable {
        public var delivered: Int
        public var lastFailure: String?
    }

    struct State {
        var failures = 0
        var delivered = 0
        var lastFailure: String?
        var idle = false
        /// When a partial batch starting at `partialSeq` was first seen.
        var partialSeq: Int64 = -1
        var partialSince: ContinuousClock.Instant = .now
        var generator = SystemRandomNumberGenerator()
    }

    /// One round: returns how long to wait before the next, or nil to go on at once.
    func step(_ state: inout State, waitForFullBatches: Bool) async -> Duration? {
        let batch: [StoredEvent]
        do {
            batch = try await store.batch(for: uplink.name, limit: policy.maxEvents)
        } catch {
            logger.error("cannot read the outbox", metadata: ["uplink": "\(uplink.name)", "error": "\(error)"])
            return .seconds(1)
        }
        state.idle = batch.isEmpty
        guard let first = batch.first else { return policy.idlePoll }
        if waitForFullBatches && batch.count < policy.maxEvents {
            if state.partialSeq != first.seq {
                state.partialSeq = first.seq
                state.partialSince = .now
            }
            let waited = ContinuousClock.now - state.partialSince
            if waited < policy.maxAge { return min(policy.maxAge - waited, policy.idlePoll) }
        }

        let started = ContinuousClock.now
        let outcome = await uplink.deliver(batch)
        metrics.record(outcome, took: ContinuousClock.now - started)
        switch outcome {
        case .delivered:
            do {
                try await store.acknowledge(uplink: uplink.name, through: batch[batch.count - 1].seq, delivered: batch.count)
            } catch {
                // Delivered but not recorded: the batch goes again (the backend deduplicates by id).
                logger.error("cannot record a delivery", metadata: ["uplink": "\(uplink.name)", "error": "\(error)"])
                return .seconds(1)
            }
            if state.failures > 0 {
                logger.notice("uplink delivers again", metadata: ["uplink": "\(uplink.name)", "after_failures": "\(state.failures)"])
            }
            state.failures = 0
            state.delivered += batch.count
            return nil
        case .retry(let after, let reason):
            state.failures += 1
            state.lastFailure = reason
            await store.recordFailure(uplink: uplink.name, reason: reason)
            let pause = after ?? backoff.delay(afterFailures: state.failures, using: &state.generator)
            let level: Logger.Level = state.failures == 1 ? .warning : .info
            logger.log(level: level, "upload failed; will retry", metadata: [
                "uplink": "\(uplink.name)", "reason": "\(reason)", "failures": "\(state.failures)",
                "retry_in_ms": "\(pause.components.seconds * 1000 + pause.components.attoseconds / 1_000_000_000_000_000)",
            ])
            return pause
        case .rejected(let reason):
            state.lastFailure = reason
            do {
                try await store.deadLetter(uplink: uplink.name, events: batch, reason: reason)
            } catch {
                logger.error("cannot move a refused batch aside", metadata: ["uplink": "\(uplink.name)", "error": "\(error)"])
                return .seconds(1)
            }
            state.failures = 0
            return nil
        }
    }
}
