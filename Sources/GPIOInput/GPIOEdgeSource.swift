import WagonCore

/// Live edges from GPIO lines: the `EdgeSource` the daemon and
/// `wagonctl gpio monitor` count from. Reading never blocks; it returns what
/// the reader thread has put in the ring so far.
public struct GPIOEdgeSource: EdgeSource, Sendable {
    public let reader: GPIOReader
    public private(set) var channels: ChannelTable

    /// Requests the lines on `chip` (path, name, number or label) and starts
    /// the real-time reader.
    public init(chip: String, lines: [DetectorLine], channels: ChannelTable = ChannelTable(),
                options: GPIOReaderOptions = GPIOReaderOptions()) throws(GPIOError) {
        var table = channels
        reader = try GPIOReader(chip: chip, lines: lines, channels: &table, options: options)
        self.channels = table
        reader.start()
    }

    /// Appends what is waiting; `true` while the reader runs (a live source
    /// is never exhausted), even when nothing was waiting.
    public mutating func readEdges(into edges: inout [Edge], maxCount: Int) throws -> Bool {
        _ = reader.ring.pop(into: &edges, maxCount: maxCount)
        return reader.isRunning || reader.ring.pending > 0
    }
}

extension GPIOEdgeSource: LiveEdgeSource {
    public var safeTime: Nanoseconds { reader.safeTime }
    /// Kernel edge timestamps are CLOCK_MONOTONIC unless the realtime clock
    /// was asked for (libgpiod v2 only).
    public var timesAreWallClock: Bool { reader.options.realtimeClock }
}
