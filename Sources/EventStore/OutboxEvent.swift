/// How much an event matters when the store is full: the lowest class goes
/// first (docs/store.md, "When the store is full").
public enum EventClass: Int, Sendable, Comparable, CaseIterable {
    /// Train started, sensor checks: useful, cheap to lose.
    case diagnostic = 0
    /// Detector health and store alarms.
    case health = 1
    /// Completed trains: what the box is for. Dropped only as a last resort.
    case train = 2
    /// The store's own accounting (drops, recovery, dead letters): without
    /// them the backend cannot tell a gap from a quiet line, so they go last.
    case notice = 3

    public static func < (lhs: Self, rhs: Self) -> Bool { lhs.rawValue < rhs.rawValue }

    public var name: String {
        switch self {
        case .diagnostic: "diagnostic"
        case .health: "health"
        case .train: "train"
        case .notice: "notice"
        }
    }
}

/// An event as a producer hands it to the store.
public struct NewEvent: Sendable, Equatable {
    /// CloudEvents `type`, e.g. `org.wagond.train`.
    public var type: String
    /// CloudEvents `subject`: the counting point, if the event belongs to one.
    public var subject: String?
    /// When it happened, nanoseconds since the Unix epoch (UTC).
    public var time: Int64
    public var eventClass: EventClass
    /// The event's data: one JSON value, UTF-8.
    public var data: String

    public init(type: String, subject: String? = nil, time: Int64, eventClass: EventClass, data: String) {
        self.type = type
        self.subject = subject
        self.time = time
        self.eventClass = eventClass
        self.data = data
    }
}

/// An event in the outbox: durable, numbered, with an id that is unique for
/// this box forever (the store's epoch changes when a database is replaced).
public struct StoredEvent: Sendable, Equatable {
    /// Per-box sequence number: strictly increasing, never reused in one epoch.
    public var seq: Int64
    /// CloudEvents `id`: `<epoch>-<seq>`. With `source` it identifies the event forever.
    public var id: String
    public var type: String
    public var subject: String?
    public var time: Int64
    public var eventClass: EventClass
    public var data: String

    public init(seq: Int64, id: String, type: String, subject: String?, time: Int64, eventClass: EventClass, data: String) {
        self.seq = seq
        self.id = id
        self.type = type
        self.subject = subject
        self.time = time
        self.eventClass = eventClass
        self.data = data
    }

    /// Bytes this event counts for against the store's byte cap.
    public var footprint: Int { Self.footprint(type: type, subject: subject, data: data) }

    static func footprint(type: String, subject: String?, data: String) -> Int {
        // A fixed allowance covers the row's integers, id and index entry.
        64 + type.utf8.count + (subject?.utf8.count ?? 0) + data.utf8.count
    }
}

/// Event types the store itself produces.
public enum StoreEventType {
    /// Events were dropped because the store reached its cap.
    public static let dropped = "org.wagond.store.dropped"
    /// A corrupt database was moved aside and a fresh one started.
    public static let recovered = "org.wagond.store.recovered"
    /// Writes failed (disk full, read-only) and events waited in memory.
    public static let writeFailed = "org.wagond.store.write_failed"
    /// A batch was refused by an uplink and moved to the dead letters.
    public static let deadLettered = "org.wagond.store.dead_lettered"
}
