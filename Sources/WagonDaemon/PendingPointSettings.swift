import Synchronization
import WagonCore

/// New counting settings from a reload, handed from the reload service to
/// the counting loop, which takes them at its next turn and applies each
/// point's between trains (`WagonCounter.adopt`).
public final class PendingPointSettings: Sendable {
    private let proposed = Mutex<[PointSettings]>([])

    public init() {}

    /// Replaces anything not yet taken: the latest reload wins.
    func propose(_ points: [PointSettings]) {
        proposed.withLock { $0 = points }
    }

    /// What was proposed since the last call, or nothing.
    func take() -> [PointSettings] {
        proposed.withLock { pending in
            defer { pending.removeAll() }
            return pending
        }
    }
}
