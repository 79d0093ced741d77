import EventStore

/// A way out of the box to a backend. An uplink delivers one batch at a time
/// and says what happened; it never touches the store: the `UplinkRunner`
/// acknowledges, dead-letters and backs off.
public protocol Uplink: Sendable {
    /// Names the uplink's cursor in the store (`http`, `mqtt`, `file`).
    var name: String { get }
    /// Delivers `batch` (in sequence order, at least one event) and returns
    /// only when the backend has confirmed it or it has failed.
    func deliver(_ batch: [StoredEvent]) async -> DeliveryOutcome
    /// Closes connections; called once, after the last `deliver`.
    func shutdown() async
}

/// What a delivery attempt came to.
public enum DeliveryOutcome: Sendable, Equatable {
    /// The backend has every event of the batch: they may leave the outbox.
    case delivered
    /// Try the same batch again later: after `after` if the backend said when
    /// (HTTP Retry-After), otherwise after the runner's backoff.
    case retry(after: Duration?, reason: String)
    /// The backend refused the batch for good (HTTP 4xx but 408/429): it goes
    /// to the dead letters so that one bad event cannot block the queue.
    case rejected(reason: String)
}
