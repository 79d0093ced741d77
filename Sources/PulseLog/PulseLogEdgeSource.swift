import WagonCore

/// Any edge file, in whichever format it turned out to be: what
/// `openEdgeSource(path:mapping:)` returns. It forwards to the reader of that
/// format; the hot loop stays inside that reader's `readEdges`.
public struct PulseLogEdgeSource: EdgeSource {
    public let format: PulseLogFormat
    /// The native log's metadata; empty for gpiomon and VCD input.
    public let metadata: PulseLogMetadata
    public let path: String

    private var native: NativePulseLogReader?
    private var gpiomon: GpiomonReader?
    private var vcd: VCDReader?

    init(native reader: NativePulseLogReader) {
        (format, metadata, path, native) = (.native, reader.metadata, reader.path, reader)
    }

    init(gpiomon reader: GpiomonReader) {
        (format, metadata, path, gpiomon) = (.gpiomon, PulseLogMetadata(), reader.path, reader)
    }

    init(vcd reader: VCDReader) {
        (format, metadata, path, vcd) = (.vcd, PulseLogMetadata(), reader.path, reader)
    }

    public var channels: ChannelTable {
        switch format {
        case .native: return native!.channels
        case .gpiomon: return gpiomon!.channels
        case .vcd: return vcd!.channels
        }
    }

    public mutating func readEdges(into edges: inout [Edge], maxCount: Int) throws -> Bool {
        switch format {
        case .native: return try native!.readEdges(into: &edges, maxCount: maxCount)
        case .gpiomon: return try gpiomon!.readEdges(into: &edges, maxCount: maxCount)
        case .vcd: return try vcd!.readEdges(into: &edges, maxCount: maxCount)
        }
    }
}

/// Opens an edge file of any supported format; `-` is standard input.
///
/// The format is detected from the first bytes unless `format` is given;
/// bytes that look like no format are read as a native log, whose errors
/// say what a line should look like. `mapping` names the channels of
/// gpiomon lines and VCD signals (see `LineMapping`); without it, lines and
/// signals named like channels (`A`, `B`, `east.A`) map to themselves and
/// anything else is an error asking for `--map`. The native format needs
/// no mapping and ignores it.
public func openEdgeSource(
    path: String,
    mapping: LineMapping? = nil,
    format: PulseLogFormat? = nil,
    channels: ChannelTable = ChannelTable(),
    bufferSize: Int = 1 << 20
) throws -> PulseLogEdgeSource {
    try openEdgeSource(input: ByteInput(path: path, bufferSize: bufferSize), mapping: mapping, format: format, channels: channels)
}

func openEdgeSource(input: ByteInput, mapping: LineMapping?, format: PulseLogFormat?, channels: ChannelTable) throws -> PulseLogEdgeSource {
    let chosen = try format ?? detectFormat(of: input)
    switch chosen {
    case .native: return PulseLogEdgeSource(native: try NativePulseLogReader(input: input, channels: channels))
    case .gpiomon: return PulseLogEdgeSource(gpiomon: GpiomonReader(input: input, mapping: mapping, channels: channels))
    case .vcd: return PulseLogEdgeSource(vcd: try VCDReader(input: input, mapping: mapping, channels: channels))
    }
}

/// Peeks at the first bytes without consuming them (standard input cannot
/// be rewound).
private func detectFormat(of input: ByteInput) throws -> PulseLogFormat {
    while input.end - input.start < 256, try input.fill() {}
    let prefix = UnsafeBufferPointer(start: input.buffer + input.start, count: input.end - input.start)
    return PulseLogFormat.detect(prefix) ?? .native
}
