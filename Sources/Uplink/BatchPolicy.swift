/// When a batch goes: as soon as `maxEvents` wait, or when the oldest
/// waiting event has waited `maxAge`. Small batches on a quiet line, big
/// ones when a backlog drains.
public struct BatchPolicy: Sendable, Equatable {
    public var maxEvents: Int
    public var maxAge: Duration
    /// How often an idle uplink looks for new events.
    public var idlePoll: Duration

    public init(maxEvents: Int = 500, maxAge: Duration = .seconds(2), idlePoll: Duration = .milliseconds(200)) {
        self.maxEvents = maxEvents
        self.maxAge = maxAge
        self.idlePoll = idlePoll
    }
}
