import WagonCore

/// Reads Value Change Dump files, as logic analysers write them (sigrok and
/// PulseView export, GTKWave, HDL simulators), as edges.
///
/// - All standard header sections are accepted (`$date`, `$version`,
///   `$comment`, `$timescale`, `$scope`/`$upscope`, `$var`,
///   `$enddefinitions`); unknown `$` sections are skipped to their `$end`.
/// - Times are converted to integer nanoseconds exactly for timescales of
///   1 ns and coarser. Finer timescales (ps, fs) are rounded to the nearest
///   nanosecond: sigrok writes 100 ps for a 24 MHz capture, and wheel pulses
///   last milliseconds. A time past `Edge.timeRange` (2^62 ns) is an error.
/// - Signals map to channels through a `LineMapping` by name (bare `D0` or
///   scoped `libsigrok.D0`; a chip qualifier is the scope: `libsigrok/D0`).
///   Without a mapping, signals named like channels (`A`, `B`, `east.A`) map
///   to themselves. Unmapped signals are ignored, since analysers record many
///   probes; a mapping that names an undeclared signal is an error.
/// - The first value of a mapped signal (from `$dumpvars` or later) sets its
///   level; if that level is occupied (1, or 0 when active-low), an occupied
///   edge is produced at that time, because the core assumes free detectors
///   at the start. After that, only changes produce edges.
/// - `x`/`z` (or a real value) on a mapped signal is an error; values inside
///   `$dumpoff` are ignored.
public struct VCDReader: EdgeSource {
    public internal(set) var channels: ChannelTable
    public let mapping: LineMapping?
    public var path: String { input.path }
    /// Declared signals by scoped name (`libsigrok.D0`), in file order.
    public var signalNames: [String] { variables.map(\.fullName) }

    let input: ByteInput
    var line = UnsafeBufferPointer<UInt8>(start: nil, count: 0)
    var position = 0

    struct Variable {
        var name: String
        var scope: [String]
        var signal: Int
        var fullName: String { (scope + [name]).joined(separator: ".") }
    }

    struct Signal {
        var id: String
        var width: Int
        var channel: String?
        var activeLow = false
        var detector: Detector?
        /// 0, 1 or `unknown`, as read (before active-low).
        var level = Signal.unknown
        static let unknown: UInt8 = 255
    }

    var variables: [Variable] = []
    var signals: [Signal] = []
    /// Signal index by single-character id (sigrok's `!`, `"`, ...); -1 if none.
    var signalByCharacter = [Int32](repeating: -1, count: 128)
    var signalById: [String: Int] = [:]
    /// Nanoseconds per VCD time unit, as a fraction in lowest terms.
    var unitNumerator: Int64 = 1
    var unitDenominator: Int64 = 1
    var hasTimescale = false

    private enum Section { case none, dump, dumpOff, comment }
    private var section = Section.none
    private var rawTime: UInt64 = 0
    private var time: Nanoseconds = 0
    private var pending: [Edge] = []
    private var pendingHead = 0

    public init(path: String, mapping: LineMapping? = nil, channels: ChannelTable = ChannelTable(), bufferSize: Int = 1 << 16) throws {
        try self.init(input: ByteInput(path: path, bufferSize: bufferSize), mapping: mapping, channels: channels)
    }

    init(input: ByteInput, mapping: LineMapping?, channels: ChannelTable = ChannelTable()) throws {
        self.input = input
        self.mapping = mapping
        self.channels = channels
        try readHeader()
        try resolveMapping()
    }

    public mutating func readEdges(into edges: inout [Edge], maxCount: Int) throws -> Bool {
        precondition(maxCount > 0, "readEdges needs room for at least one edge")
        var appended = 0
        while appended < maxCount {
            if pendingHead < pending.count {
                let n = Swift.min(maxCount - appended, pending.count - pendingHead)
                edges.append(contentsOf: pending[pendingHead..<(pendingHead + n)])
                pendingHead += n
                appended += n
                continue
            }
            pending.removeAll(keepingCapacity: true)
            pendingHead = 0
            guard let token = try nextToken() else {
                if section != .none { throw bad("the file ends inside a '$' section without its $end") }
                break
            }
            try handleBodyToken(token)
        }
        return appended > 0
    }

    /// The next whitespace-separated token, reading lines as needed; valid
    /// until the next call.
    mutating func nextToken() throws -> UnsafeBufferPointer<UInt8>? {
        while true {
            while position < line.count && Self.isWhitespace(line[position]) { position += 1 }
            if position < line.count {
                let start = position
                while position < line.count && !Self.isWhitespace(line[position]) { position += 1 }
                return UnsafeBufferPointer(rebasing: line[start..<position])
            }
            guard let next = try input.nextLine() else { return nil }
            line = next
            position = 0
        }
    }

    static func isWhitespace(_ byte: UInt8) -> Bool {
        byte == ASCII.space || byte == ASCII.tab || byte == ASCII.carriageReturn || byte == 0x0B || byte == 0x0C
    }

    private mutating func handleBodyToken(_ token: UnsafeBufferPointer<UInt8>) throws {
        let first = token[0]
        if section == .comment {
            if token.equals("$end") { section = .none }
            return
        }
        switch first {
        case ASCII.dollar:
            if token.equals("$end") {
                guard section != .none else { throw bad("'$end' without a section to close") }
                section = .none
            } else if token.equals("$dumpvars") || token.equals("$dumpall") || token.equals("$dumpon") {
                section = .dump
            } else if token.equals("$dumpoff") {
                section = .dumpOff
            } else if token.equals("$comment") {
                section = .comment
            } else {
                throw bad("unexpected '\(token.quotedForMessage)' among the value changes (expected $dumpvars, $dumpall, $dumpon, $dumpoff or $comment)")
            }
        case ASCII.hash:
            try setTime(UnsafeBufferPointer(rebasing: token[1...]))
        case UInt8(ascii: "b"), UInt8(ascii: "B"), UInt8(ascii: "r"), UInt8(ascii: "R"):
            let value = UnsafeBufferPointer(rebasing: token[1...])
            let isReal = first | 0x20 == UInt8(ascii: "r")
            guard !value.isEmpty, isReal || value.allSatisfy(Self.isBit) else {
                throw bad("bad vector value '\(token.quotedForMessage)' (expected b followed by 0, 1, x or z)")
            }
            let valueByte = isReal ? 0 : value[value.count - 1]
            guard let id = try nextToken() else { throw bad("missing identifier after '\(token.quotedForMessage)'") }
            try apply(isReal ? nil : valueByte, id: id)
        default:
            guard Self.isBit(first) else {
                throw bad("expected a value change ('1!', 'b0 !'), a time '#N' or a '$' command, got '\(token.quotedForMessage)'")
            }
            guard token.count > 1 else { throw bad("missing identifier after value '\(token.quotedForMessage)'") }
            try apply(first, id: UnsafeBufferPointer(rebasing: token[1...]))
        }
    }

    static func isBit(_ byte: UInt8) -> Bool {
        byte == ASCII.zero || byte == ASCII.one || byte | 0x20 == UInt8(ascii: "x") || byte | 0x20 == UInt8(ascii: "z")
    }

    private mutating func setTime(_ digits: UnsafeBufferPointer<UInt8>) throws {
        guard digits.isAllDigits else {
            throw bad("time must be '#' and a non-negative integer, got '#\(digits.quotedForMessage)'")
        }
        var raw: UInt64 = 0
        for byte in digits {
            let (times10, o1) = raw.multipliedReportingOverflow(by: 10)
            let (sum, o2) = times10.addingReportingOverflow(UInt64(byte &- ASCII.zero))
            if o1 || o2 { throw bad("time #\(digits.quotedForMessage) does not fit in 64 bits") }
            raw = sum
        }
        guard raw >= rawTime else { throw bad("time goes backwards (#\(raw) after #\(rawTime))") }
        guard let ns = nanoseconds(fromUnits: raw) else {
            throw bad("time #\(raw) at this $timescale is \(TimeLimit.pastTheEnd)")
        }
        rawTime = raw
        time = ns
    }

    /// `raw` time units in nanoseconds, rounded to nearest when the unit is
    /// finer than 1 ns; `nil` past `TimeLimit.latest`.
    func nanoseconds(fromUnits raw: UInt64) -> Nanoseconds? {
        let numerator = UInt64(unitNumerator), denominator = UInt64(unitDenominator)
        var quotient = raw / denominator
        if (raw % denominator) * 2 >= denominator && denominator > 1 { quotient += 1 }
        let (ns, overflow) = quotient.multipliedReportingOverflow(by: numerator)
        guard !overflow, ns <= UInt64(TimeLimit.latest) else { return nil }
        return Int64(ns)
    }

    private mutating func apply(_ value: UInt8?, id: UnsafeBufferPointer<UInt8>) throws {
        let index: Int
        if id.count == 1, id[0] < 128, signalByCharacter[Int(id[0])] >= 0 {
            index = Int(signalByCharacter[Int(id[0])])
        } else if let found = signalById[id.string] {
            index = found
        } else {
            throw bad("value change for undeclared identifier '\(id.quotedForMessage)'")
        }
        guard section != .dumpOff, let channel = signals[index].channel else { return }
        guard let value else {
            throw bad("signal '\(signalName(index))' (channel \(channel)) has a real value; only 0 and 1 can be counted")
        }
        guard value == ASCII.zero || value == ASCII.one else {
            throw bad("signal '\(signalName(index))' (channel \(channel)) is '\(quote([value]))'; only 0 and 1 can be counted")
        }
        let level: UInt8 = value == ASCII.one ? 1 : 0
        let previous = signals[index].level
        guard level != previous else { return }
        signals[index].level = level
        let occupied = (level == 1) != signals[index].activeLow
        // The first value sets the starting level; only an occupied start is an edge.
        if previous == Signal.unknown && !occupied { return }
        let detector: Detector
        if let known = signals[index].detector {
            detector = known
        } else {
            guard let registered = channels.detector(forChannel: channel) else {
                throw bad("'\(channel)' is not a channel name")
            }
            signals[index].detector = registered
            detector = registered
        }
        pending.append(Edge(time: time, detector: detector, occupied: occupied))
    }

    func signalName(_ index: Int) -> String {
        variables.first(where: { $0.signal == index })?.fullName ?? signals[index].id
    }

    func bad(_ message: String) -> PulseLogError {
        PulseLogError(.badData, path: input.path, line: input.errorLine, message: message)
    }
}
