import Synchronization
import Uplink

/// The reason of a `.retry` without a delay, or nil for any other outcome.
func retryReason(_ outcome: DeliveryOutcome?) -> String? {
    if case .retry(after: nil, let reason) = outcome { return reason }
    return nil
}

/// A delivery running in the background, to look at before it has finished.
final class BackgroundDelivery: Sendable {
    private final class Slot: Sendable {
        let outcome = Mutex<DeliveryOutcome?>(nil)
    }

    private let slot: Slot
    private let task: Task<DeliveryOutcome, Never>

    init(_ deliver: @escaping @Sendable () async -> DeliveryOutcome) {
        let slot = Slot()
        self.slot = slot
        task = Task {
            let outcome = await deliver()
            slot.outcome.withLock { $0 = outcome }
            return outcome
        }
    }

    /// The outcome if the delivery has returned, else nil.
    var finishedOutcome: DeliveryOutcome? { slot.outcome.withLock { $0 } }

    var outcome: DeliveryOutcome { get async { await task.value } }
}
