/// A source of edges in time order: a pulse log, the simulator, GPIO lines.
///
/// Contract: edges come out with non-decreasing `time`; the source names its
/// channels through `channels`. Reading appends to a caller-owned buffer so a
/// steady-state loop allocates nothing.
public protocol EdgeSource {
    /// The channel names seen or declared so far, for naming detectors in output.
    var channels: ChannelTable { get }

    /// Appends at most `maxCount` edges to `edges`. Returns `false` once the
    /// source is exhausted and nothing was appended.
    mutating func readEdges(into edges: inout [Edge], maxCount: Int) throws -> Bool
}
