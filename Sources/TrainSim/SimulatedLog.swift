import WagonCore

/// A generated pulse log: edges for a single counting point (channels `A`
/// and `B`), what a correct counter should report, and metadata to write as
/// `# key: value` lines (`sensor_spacing_m` among them).
public struct SimulatedLog: Sendable {
    /// Non-decreasing times; each detector's levels alternate, starting with 1.
    public var edges: [Edge]
    /// One per train, in time order.
    public var trains: [ExpectedTrain]
    /// From the scenario's start time to one second after the last edge.
    public var span: ClosedRange<Nanoseconds>
    public var metadata: [(key: String, value: String)]

    /// The single unnamed point: channels `A` and `B`.
    public var channels: ChannelTable { ChannelTable(pointNames: [""]) }

    public init(edges: [Edge], trains: [ExpectedTrain], span: ClosedRange<Nanoseconds>,
                metadata: [(key: String, value: String)]) {
        self.edges = edges
        self.trains = trains
        self.span = span
        self.metadata = metadata
    }
}
