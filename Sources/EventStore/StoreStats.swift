/// The outbox at a glance (`wagonctl queue`, the control socket, metrics).
public struct StoreStats: Sendable, Equatable {
    public var path: String
    public var epoch: String
    /// Events on disk and their footprint against the byte cap.
    public var events: Int
    public var bytes: Int
    /// The database and its WAL on disk.
    public var fileBytes: Int
    public var oldestSeq: Int64?
    public var oldestTime: Int64?
    public var newestSeq: Int64
    /// Events waiting in memory because the disk refuses writes.
    public var heldInMemory: Int
    /// Why writes fail, and since when (ns since the epoch), while they do.
    public var writeFailure: String?
    public var writeFailureSince: Int64?
    /// Dropped at the caps over the outbox's life.
    public var dropped: [EventClass: Int]
    public var deadLetters: Int
    public var uplinks: [UplinkState]
    public var limits: StoreLimits
}

/// One uplink's position and last result, as stored.
public struct UplinkState: Sendable, Equatable {
    public var name: String
    public var ackedSeq: Int64
    /// Events it has still to deliver.
    public var backlog: Int
    public var delivered: Int
    public var failures: Int
    public var lastAttempt: Int64?
    public var lastSuccess: Int64?
    public var lastResult: String?
}

/// A batch an uplink refused for good, kept for inspection and `queue retry`.
public struct DeadLetter: Sendable, Equatable {
    public var uplink: String
    public var event: StoredEvent
    public var reason: String
    public var at: Int64
}
