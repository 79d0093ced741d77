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

/// A source that runs in real time (GPIO lines, the daemon's simulated
/// traffic): never exhausted, and able to promise that no edge older than
/// `safeTime` is still to come, so the core can close trains on idle time.
public protocol LiveEdgeSource: EdgeSource {
    /// No edge with an earlier time will be read from now on.
    var safeTime: Nanoseconds { get }
    /// The source's clock: `true` if edge times are nanoseconds since the
    /// Unix epoch; `false` if they are another clock's (kernel monotonic),
    /// which reports must translate to wall time.
    var timesAreWallClock: Bool { get }
    /// Waits, without spinning, until edges may be waiting, or `safeTime`
    /// may have reached `deadline` (the core's `nextDeadline`), or `timeout`
    /// has passed, whichever comes first; at once if the task is cancelled.
    /// It may return early: the caller reads, and waits again. The core
    /// never calls it; its consumers do, instead of polling.
    func waitForEdges(orPromise deadline: Nanoseconds?, timeout: Duration) async
}
