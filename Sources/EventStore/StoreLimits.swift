/// How big the outbox may grow. When a cap is reached the oldest events of the
/// lowest class go first (diagnostic, then health, then trains and the store's
/// own notices); every drop is counted and announced by an event.
public struct StoreLimits: Sendable, Equatable {
    /// Events kept on disk, all classes together.
    public var maxEvents: Int
    /// Bytes of events kept on disk (each event's `footprint`).
    public var maxBytes: Int
    /// Events held in memory while the disk refuses writes (full, read-only).
    public var memoryBufferEvents: Int
    /// Dead letters kept for inspection; the oldest go beyond this.
    public var maxDeadLetters: Int

    /// A week of a busy line's trains fits many times over: a train is
    /// ~2 kB, a busy line has ~300 a day.
    public init(
        maxEvents: Int = 1_000_000,
        maxBytes: Int = 512 << 20,
        memoryBufferEvents: Int = 20_000,
        maxDeadLetters: Int = 10_000
    ) {
        self.maxEvents = maxEvents
        self.maxBytes = maxBytes
        self.memoryBufferEvents = memoryBufferEvents
        self.maxDeadLetters = maxDeadLetters
    }
}
