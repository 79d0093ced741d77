import WagonCore

/// Reads the text that libgpiod's `gpiomon` prints by default, v1 or v2
/// (formats and their sources on `GpiomonEvent`), as edges.
///
/// - A `LineMapping` names the channel of each line. Without one, a v2 line
///   whose name is a channel (`A`, `east.B`) maps to itself. An event on an
///   unmapped line is an error that names the line and how to map it.
/// - Rising is level 1 (occupied), falling 0; `:active-low` inverts.
/// - Timestamps become integer nanoseconds exactly (digits, no floating point).
/// - Empty lines and the `--banner` line carry no event and are accepted;
///   any other line that is not an event is an error, as is a file that
///   mixes v1 and v2 events.
/// - gpiomon v1 reads each line from its own descriptor, so events of
///   different lines can print slightly out of time order. Edges are put back
///   in order within `reorderWindow`; an event older than that is an error.
public struct GpiomonReader: EdgeSource {
    /// How far back in time an event may print and still be put in order.
    public static let reorderWindow: Nanoseconds = 1_000_000_000

    public internal(set) var channels: ChannelTable
    /// The mapping given, `nil` for "lines named like channels".
    public let mapping: LineMapping?
    public var path: String { input.path }

    let input: ByteInput
    private var dialect: (GpiomonEvent.Dialect, line: Int)?
    private var pending: [Edge] = []
    private var pendingHead = 0
    private var newest: Nanoseconds = 0
    private var finished = false
    private var resolved: [String: (Detector, activeLow: Bool)] = [:]

    public init(path: String, mapping: LineMapping? = nil, channels: ChannelTable = ChannelTable(), bufferSize: Int = 1 << 16) throws {
        self.init(input: try ByteInput(path: path, bufferSize: bufferSize), mapping: mapping, channels: channels)
    }

    init(input: ByteInput, mapping: LineMapping?, channels: ChannelTable = ChannelTable()) {
        self.input = input
        self.mapping = mapping
        self.channels = channels
    }

    public mutating func readEdges(into edges: inout [Edge], maxCount: Int) throws -> Bool {
        precondition(maxCount > 0, "readEdges needs room for at least one edge")
        var appended = 0
        while appended < maxCount {
            while pendingHead < pending.count && appended < maxCount
                    && (finished || pending[pendingHead].time <= newest - Self.reorderWindow) {
                edges.append(pending[pendingHead])
                pendingHead += 1
                appended += 1
            }
            if pendingHead > 1024 && pendingHead * 2 > pending.count {
                pending.removeFirst(pendingHead)
                pendingHead = 0
            }
            if appended == maxCount || finished { break }
            guard let line = try input.nextLine() else {
                finished = true
                continue
            }
            let event: GpiomonEvent?
            switch GpiomonEvent.parse(line) {
            case .success(let parsed): event = parsed
            case .failure(let failure): throw bad(failure.message)
            }
            if let event { try accept(event) }
        }
        return appended > 0
    }

    private mutating func accept(_ event: GpiomonEvent) throws {
        if let (first, line) = dialect, first != event.dialect {
            throw bad("gpiomon \(event.dialect.rawValue) event in a file of \(first.rawValue) events (first on line \(line)); record one run of one gpiomon version per file")
        } else if dialect == nil {
            dialect = (event.dialect, input.lineNumber)
        }
        guard event.time >= newest - Self.reorderWindow else {
            throw bad("time goes backwards by more than the 1 s reorder window (\(event.time) after \(newest))")
        }
        let (detector, activeLow) = try target(of: event)
        let edge = Edge(time: event.time, detector: detector, occupied: event.rising != activeLow)
        // Insert in time order, after edges of equal time (stable).
        var index = pending.count
        while index > pendingHead && pending[index - 1].time > edge.time { index -= 1 }
        pending.insert(edge, at: index)
        newest = max(newest, edge.time)
    }

    private mutating func target(of event: GpiomonEvent) throws -> (Detector, activeLow: Bool) {
        let key = "\(event.chip ?? "")\u{1}\(event.offset ?? -1)\u{1}\(event.name ?? "")"
        if let known = resolved[key] { return known }
        let channel: String
        let activeLow: Bool
        if let mapping {
            let matches = mapping.entries.filter { $0.matches(event) }
            guard let entry = matches.first else { throw unmapped(event) }
            guard matches.count == 1 else {
                throw bad("line \(event.lineDescription) matches several mapping entries (\(matches.map(\.description).joined(separator: ", "))); qualify them with the chip, e.g. gpiochip0/17=A")
            }
            (channel, activeLow) = (entry.channel, entry.activeLow)
        } else {
            var probe = ChannelTable()
            guard let name = event.name, probe.detector(forChannel: name) != nil else { throw unmapped(event) }
            (channel, activeLow) = (name, false)
        }
        guard let detector = channels.detector(forChannel: channel) else {
            throw bad("channel '\(channel)' of line \(event.lineDescription) is not a channel name")
        }
        resolved[key] = (detector, activeLow)
        return (detector, activeLow)
    }

    private func unmapped(_ event: GpiomonEvent) -> PulseLogError {
        bad("line \(event.lineDescription) is not mapped to a channel; map it with --map \(event.mappingKey)=A (or =B, =<point>.A)")
    }

    private func bad(_ message: String) -> PulseLogError {
        PulseLogError(.badData, path: input.path, line: input.errorLine, message: message)
    }
}

extension LineMapping.Entry {
    /// A chip-qualified entry matches only events on that chip, or events
    /// that do not say their chip (v1, named v2 lines).
    func matches(_ event: GpiomonEvent) -> Bool {
        if let chip, let eventChip = event.chip, LineMapping.normalizedChip(eventChip) != chip { return false }
        switch line {
        case .offset(let offset): return event.offset == offset || event.name == "\(offset)"
        case .name(let name): return event.name == name
        }
    }
}
