import WagonCore

/// Live edges from GPIO lines: the `EdgeSource` the daemon and
/// `wagonctl gpio monitor` count from. Reading never blocks; it returns what
/// the reader thread has put in the ring so far.
public struct GPIOEdgeSource: EdgeSource, Sendable {
    public let reader: GPIOReader
    public private(set) var channels: ChannelTable
    private var promised: Nanoseconds = .min

    /// Requests the lines and starts the real-time reader. `chip` (path,
    /// name, number or label) is for lines that name no chip of their own;
    /// `nil` finds each line by name on whichever chip has it.
    public init(chip: String?, lines: [DetectorLine], channels: ChannelTable = ChannelTable(),
                options: GPIOReaderOptions = GPIOReaderOptions()) throws(GPIOError) {
        var table = channels
        reader = try GPIOReader(chip: chip, lines: lines, channels: &table, options: options)
        self.channels = table
        reader.start()
    }

    /// Appends what is waiting; `true` while the reader runs (a live source
    /// is never exhausted), even when nothing was waiting.
    public mutating func readEdges(into edges: inout [Edge], maxCount: Int) throws -> Bool {
        promised = reader.handoff.pop(into: &edges, maxCount: maxCount).safeTime
        return reader.isRunning || reader.ring.pending > 0
    }
}

extension GPIOEdgeSource: LiveEdgeSource {
    /// Sleeps on the reader's doorbell, having told the reader which promise
    /// is wanted: it wakes in time to give it, and rings.
    public func waitForEdges(orPromise deadline: Nanoseconds?, timeout: Duration) async {
        guard reader.isRunning else {
            try? await Task.sleep(for: timeout)
            return
        }
        let now = reader.now()
        let limit = timeout.nanoseconds > .max - now ? .max : now + timeout.nanoseconds
        await reader.handoff.waitForEdges(orPromise: deadline, by: limit)
    }

    /// For a consumer that polls on its own schedule (`wagonctl gpio
    /// monitor`): the promise it next needs, so the reader gives it in time
    /// instead of at its idle interval.
    public func wantPromise(upTo deadline: Nanoseconds?) {
        if let deadline { reader.handoff.wantPromise(upTo: deadline) }
    }

    /// As of the last read: the reader's own promise, read after a pop, could
    /// cover edges it pushed since, still in the ring.
    public var safeTime: Nanoseconds { promised }
    /// Kernel edge timestamps are CLOCK_MONOTONIC unless the realtime clock
    /// was asked for (libgpiod v2 only).
    public var timesAreWallClock: Bool { reader.options.realtimeClock }
}
