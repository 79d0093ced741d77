/// The core's front door: all counting points of a box, fed with edges and
/// ticks, collecting events in decision order.
///
/// The counter is a pure function of its input: it reads no clock and does no
/// I/O. The same edges give the same events whether they come one by one, in
/// chunks, or with ticks in between, as long as no edge is older than a time
/// already passed to `advance(to:)`.
public struct WagonCounter: Sendable {
    /// Settings for points by name (`""` is the unnamed single point).
    public var pointSettings: [String: CountingPointSettings]
    public var defaultSettings: CountingPointSettings
    /// Names of the points, for looking up their settings; keep it in step
    /// with the edge source's table.
    public var channels: ChannelTable
    public private(set) var points: [CountingPoint] = []
    private var events: [WagonEvent] = []

    public init(defaultSettings: CountingPointSettings = CountingPointSettings(),
                pointSettings: [String: CountingPointSettings] = [:],
                channels: ChannelTable = ChannelTable()) {
        self.defaultSettings = defaultSettings
        self.pointSettings = pointSettings
        self.channels = channels
        events.reserveCapacity(256)
    }

    public mutating func process(_ edge: Edge) {
        let point = edge.detector.point
        if point >= points.count { addPoints(through: point) }
        // Every point sees time pass, so events of different points come out
        // in the same order however the input is chunked.
        if points.count > 1 {
            let now = min(edge.time, Edge.timeRange.upperBound)
            for other in points.indices where other != point {
                points[other].advance(to: now, into: &events)
            }
        }
        // Through the buffer: the array subscript's accessor copied the
        // whole point out and back on every edge (16% of the time).
        points.withUnsafeMutableBufferPointer { points in
            points[point].process(edge.detector.side, occupied: edge.occupied, at: edge.time, into: &events)
        }
    }

    /// A chunk of edges; the loop runs inside the core, where the per-edge
    /// work can be inlined into it.
    public mutating func process(_ edges: [Edge]) {
        process(edges[...])
    }

    public mutating func process(_ edges: ArraySlice<Edge>) {
        var next = edges.startIndex
        while next < edges.endIndex {
            guard points.count == 1, edges[next].detector.point == 0 else {
                process(edges[next])
                next += 1
                continue
            }
            // One point, the common case: its buffer is taken once per run of
            // its edges, not once per edge (a uniqueness check and a call per
            // edge; 749 -> 712 instructions per clean edge, 407 -> 370 noisy).
            let base = edges.startIndex
            let offset = next - base
            next = base + points.withUnsafeMutableBufferPointer { points in
                edges.withUnsafeBufferPointer { buffer in
                    Self.processRun(of: buffer, from: offset, on: &points[0], into: &events)
                }
            }
        }
    }

    /// Feeds `point` the edges from `start` on while they are its own (point
    /// 0); returns where they stop. Plain pointers and an `inout` buffer: as
    /// a closure capturing them, the loop cost ~7 instructions more per edge.
    private static func processRun(of edges: UnsafeBufferPointer<Edge>, from start: Int, on point: inout CountingPoint,
                                   into events: inout [WagonEvent]) -> Int {
        var index = start
        while index < edges.count, edges[index].detector.point == 0 {
            let edge = edges[index]
            point.process(edge.detector.side, occupied: edge.occupied, at: edge.time, into: &events)
            index += 1
        }
        return index
    }

    /// Time is now `time` (a tick): settles filters and closes idle trains.
    /// A time past `Edge.timeRange` counts as its end.
    public mutating func advance(to time: Nanoseconds) {
        let now = min(time, Edge.timeRange.upperBound)
        for index in points.indices { points[index].advance(to: now, into: &events) }
    }

    /// The earliest deadline of any point (see `CountingPoint.nextDeadline`):
    /// until then, with no new edge, `advance(to:)` decides nothing.
    public var nextDeadline: Nanoseconds? {
        points.lazy.compactMap(\.nextDeadline).min()
    }

    /// End of input: settles everything and closes open trains. A log that
    /// ends closes its last train as it stands; a daemon that stops passes
    /// `interruptingOpenTrains`, because it cannot know what would have come.
    public mutating func finish(interruptingOpenTrains: Bool = false) {
        for index in points.indices { points[index].finish(interrupting: interruptingOpenTrains, into: &events) }
    }

    /// Moves the events decided so far into `buffer` (appending), keeping
    /// both buffers' storage so a steady loop allocates nothing.
    public mutating func takeEvents(into buffer: inout [WagonEvent]) {
        if buffer.isEmpty {
            swap(&buffer, &events)
        } else {
            buffer.append(contentsOf: events)
            events.removeAll(keepingCapacity: true)
        }
    }

    /// Convenience for tests and tools: the events decided so far.
    public mutating func takeEvents() -> [WagonEvent] {
        var taken: [WagonEvent] = []
        takeEvents(into: &taken)
        return taken
    }

    /// New settings for the point named `name` (a configuration reload):
    /// taken at once if the point is quiet, else returns false and the caller
    /// asks again later (between trains). A point not seen yet gets them when
    /// its first edge comes.
    public mutating func adopt(_ settings: CountingPointSettings, forPoint name: String) -> Bool {
        var adopted = true
        for index in points.indices where pointName(at: index) == name {
            adopted = points[index].adopt(settings) && adopted
        }
        if adopted { pointSettings[name] = settings }
        return adopted
    }

    /// A point's name in the channel table; `""` past its end (unnamed points).
    private func pointName(at index: Int) -> String {
        index < channels.pointNames.count ? channels.pointNames[index] : ""
    }

    private mutating func addPoints(through index: Int) {
        while points.count <= index {
            let name = pointName(at: points.count)
            points.append(CountingPoint(index: points.count, settings: pointSettings[name] ?? defaultSettings))
        }
    }
}
