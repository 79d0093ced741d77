/// Nanoseconds on the clock of the edge source (kernel monotonic, epoch, or a
/// simulation). Only differences matter to the core.
public typealias Nanoseconds = Int64

/// One of the two detectors of a counting point.
public enum Side: UInt8, Sendable, Hashable, CaseIterable {
    case a = 0
    case b = 1

    public var other: Side { self == .a ? .b : .a }
    /// The letter used in channel names and directions.
    public var letter: String { self == .a ? "A" : "B" }
}

/// A detector: one side of one counting point, packed into 32 bits so that an
/// `Edge` stays 16 bytes on the hot path.
public struct Detector: Hashable, Sendable, Comparable {
    public let rawValue: UInt32

    public init(point: Int, side: Side) {
        precondition(point >= 0 && point < 1 << 30, "a counting point index must fit in 30 bits")
        rawValue = UInt32(point) << 1 | UInt32(side.rawValue)
    }

    /// Index of the counting point, in the order of the `ChannelTable`.
    public var point: Int { Int(rawValue >> 1) }
    public var side: Side { rawValue & 1 == 0 ? .a : .b }

    public static func < (lhs: Detector, rhs: Detector) -> Bool { lhs.rawValue < rhs.rawValue }
}

/// A logical level change of one detector: `occupied == true` when a wheel
/// arrives over it (level 1), `false` when it leaves (level 0). Active-low
/// wiring is undone before an edge is made.
public struct Edge: Hashable, Sendable {
    public var time: Nanoseconds
    public var detector: Detector
    public var occupied: Bool

    public init(time: Nanoseconds, detector: Detector, occupied: Bool) {
        self.time = time
        self.detector = detector
        self.occupied = occupied
    }

    /// The times the core counts with: 0 up to 2^62 ns, 146 years of a
    /// monotonic clock or epoch time until the year 2116. The headroom above
    /// keeps every deadline (an edge's time plus a setting) inside 64 bits.
    /// Pulse-log readers reject a time outside it at its line; the core
    /// clamps one that reaches it anyway and reports `timeOutOfRange`.
    public static let timeRange: ClosedRange<Nanoseconds> = 0...(1 << 62)

    /// Convenience for the single-point case (channels `A` and `B`).
    public init(time: Nanoseconds, _ side: Side, occupied: Bool) {
        self.init(time: time, detector: Detector(point: 0, side: side), occupied: occupied)
    }
}
