import WagonCore

/// Serves simulated edges in chunks, like a pulse log or GPIO lines would.
public struct SimulatedEdgeSource: EdgeSource, Sendable {
    public let channels: ChannelTable
    private let edges: [Edge]
    private var cursor = 0

    public init(edges: [Edge], channels: ChannelTable = ChannelTable(pointNames: [""])) {
        self.edges = edges
        self.channels = channels
    }

    public init(_ log: SimulatedLog) {
        self.init(edges: log.edges, channels: log.channels)
    }

    public init(scenario: Scenario) {
        self.init(scenario.generate())
    }

    /// Edges not yet served.
    public var remaining: Int { edges.count - cursor }

    public mutating func readEdges(into buffer: inout [Edge], maxCount: Int) -> Bool {
        precondition(maxCount > 0, "readEdges needs room for at least one edge")
        guard cursor < edges.count else { return false }
        let end = min(edges.count, cursor + maxCount)
        buffer.append(contentsOf: edges[cursor..<end])
        cursor = end
        return true
    }
}
