import Logging
import SQLiteNIO
import WagonJSON

/// The durable outbox: every event is committed to SQLite (WAL, full sync)
/// before `append` returns, numbered per box, and stays until every uplink
/// has delivered it. The store never refuses to start: a corrupt database is
/// moved aside, and a disk that refuses writes is bridged by a bounded memory
/// buffer (docs/store.md).
public actor EventStore {
    public let path: String
    /// The caps: the daemon's own; for a tool, those the daemon last started with.
    public private(set) var limits: StoreLimits
    let logger: Logger

    var connection: SQLiteConnection?
    /// Random per database file: ids are `<epoch>-<seq>`, so a fresh database
    /// after a corruption can never reissue an id the backend has seen.
    public private(set) var epoch: String = ""

    /// Events the disk has not taken yet, oldest first.
    var pending: [NewEvent] = []
    /// Events lost because the memory buffer was full, by class, since the last report.
    var lostInMemory: [EventClass: Int] = [:]
    /// Set while writes fail; cleared (and reported) by the first good write.
    var writeFailure: WriteFailure?
    var lastOpenAttempt: Int64 = 0

    /// Running totals for the caps, loaded at open.
    var eventCount = 0
    var byteCount = 0
    /// Dropped at the caps over the database's life, by class.
    var droppedTotals: [EventClass: Int] = [:]
    /// The newest seq ever issued by this database.
    var lastSeq: Int64 = 0
    /// The gate every public operation passes (EventStore+Gate.swift).
    var gateBusy = false
    var gateWaiters: [CheckedContinuation<Void, Never>] = []
    /// Acknowledged position per registered uplink.
    var cursors: [String: Int64] = [:]

    struct WriteFailure {
        var since: Int64
        var reason: String
        var attempts: Int
    }

    init(path: String, limits: StoreLimits, logger: Logger) {
        self.path = path
        self.limits = limits
        self.logger = logger
    }

    /// Opens (or creates) the outbox at `path` for the daemon. Never fails:
    /// a corrupt file is moved aside to `<path>.corrupt-<unix time>` and the
    /// event saying so is the first of the fresh database; an unwritable
    /// place leaves the store in memory until it can open it.
    public static func open(path: String, limits: StoreLimits = StoreLimits(), logger: Logger) async -> EventStore {
        let store = EventStore(path: path, limits: limits, logger: logger)
        await store.openOrRecover()
        return store
    }

    /// Opens an existing outbox for a tool (`wagonctl queue`): no recovery,
    /// nothing moved aside, errors thrown to the caller.
    public static func openExisting(path: String, logger: Logger) async throws -> EventStore {
        let store = EventStore(path: path, limits: StoreLimits(), logger: logger)
        do {
            try await store.openDatabase(create: false)
        } catch let error as StoreError {
            throw error
        } catch {
            // SQLite's words for what the tool's user can act on.
            if FileStatus.isDirectory(path) { throw StoreError.unreadable(path, "is a directory, not an outbox file") }
            if case .corrupt = StoreFailure(error) { throw StoreError.damaged(path, describe(error)) }
            throw StoreError.unreadable(path, describe(error))
        }
        return store
    }

    public func close() async {
        await enter()
        defer { leave() }
        guard let connection else { return }
        _ = try? await connection.query("PRAGMA wal_checkpoint(TRUNCATE)")
        try? await connection.close()
        self.connection = nil
    }

    /// True while the database is open; false while events wait in memory.
    public var isDurable: Bool { connection != nil && pending.isEmpty }

    // MARK: - Opening

    private func openOrRecover() async {
        lastOpenAttempt = WallClock.monotonicNanoseconds()
        do {
            try await openDatabase(create: true)
        } catch {
            switch StoreFailure(error) {
            case .corrupt:
                await moveAsideAndReopen(reason: describe(error))
                await flushPendingUnlocked()
            case .unwritable, .other:
                await closeQuietly()
                noteWriteFailure("cannot open \(path): \(describe(error))")
            }
        }
    }

    func openDatabase(create: Bool) async throws {
        if !create, !FileStatus.exists(path) {
            throw StoreError.missing(path)
        }
        let connection = try await SQLiteConnection.open(storage: .file(path: path), logger: logger)
        self.connection = connection
        do {
            // A tool must not touch another program's SQLite file (not even
            // switch it to WAL): check that this is an outbox first.
            if !create {
                let tables = try await connection.query(
                    "SELECT name FROM sqlite_master WHERE type = 'table' AND name IN ('meta', 'events')")
                guard tables.count == 2 else { throw StoreError.notAnOutbox(path) }
            }
            let mode = try await connection.query(Schema.pragmas[0]).first?.column("journal_mode")?.string
            if mode != "wal" { logger.warning("SQLite would not use WAL here", metadata: ["mode": "\(mode ?? "?")"]) }
            for pragma in Schema.pragmas.dropFirst() { _ = try await connection.query(pragma) }
            let check = try await connection.query("PRAGMA quick_check").first?.columns.first?.data.string
            if check != "ok" { throw IntegrityCheckFailed(detail: check ?? "quick_check gave no answer") }
            if create {
                for statement in Schema.statements { _ = try await connection.query(statement) }
            }
            try await loadMeta(create: create)
            try await loadTotals()
            try await loadDropCounters()
            try await loadCursors()
        } catch {
            self.connection = nil
            try? await connection.close()
            throw error
        }
    }

    private func loadMeta(create: Bool) async throws {
        guard let connection else { return }
        let rows = try await connection.query("SELECT value FROM meta WHERE key = 'epoch'")
        if let existing = rows.first?.column("value")?.string {
            epoch = existing
            if create { try await saveLimits() } else { try await loadLimits() }
        } else if create {
            epoch = Self.newEpoch()
            _ = try await connection.query(
                "INSERT INTO meta(key, value) VALUES ('epoch', ?), ('schema', ?), ('created', ?)",
                [.text(epoch), .text(String(Schema.version)), .text(String(WallClock.nanoseconds()))])
            try await saveLimits()
        } else {
            throw StoreError.notAnOutbox(path)
        }
    }

    /// The caps go into the file so that `wagonctl queue` shows the daemon's.
    private func saveLimits() async throws {
        guard let connection else { return }
        for (key, value) in limitEntries(limits) {
            _ = try await connection.query(
                "INSERT INTO meta(key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value",
                [.text(key), .text(String(value))])
        }
    }

    private func loadLimits() async throws {
        guard let connection else { return }
        var values: [String: Int] = [:]
        for row in try await connection.query("SELECT key, value FROM meta WHERE key LIKE 'limit.%'") {
            if let key = row.column("key")?.string, let value = row.column("value")?.string.flatMap({ Int($0) }) {
                values[key] = value
            }
        }
        limits = StoreLimits(
            maxEvents: values["limit.max_events"] ?? limits.maxEvents,
            maxBytes: values["limit.max_bytes"] ?? limits.maxBytes,
            memoryBufferEvents: values["limit.memory_buffer_events"] ?? limits.memoryBufferEvents,
            maxDeadLetters: values["limit.max_dead_letters"] ?? limits.maxDeadLetters)
    }

    private func limitEntries(_ limits: StoreLimits) -> [(String, Int)] {
        [("limit.max_events", limits.maxEvents), ("limit.max_bytes", limits.maxBytes),
         ("limit.memory_buffer_events", limits.memoryBufferEvents), ("limit.max_dead_letters", limits.maxDeadLetters)]
    }

    private func loadTotals() async throws {
        guard let connection else { return }
        let row = try await connection.query("SELECT COUNT(*) AS n, COALESCE(SUM(size), 0) AS bytes FROM events").first
        eventCount = row?.column("n")?.integer ?? 0
        byteCount = row?.column("bytes")?.integer ?? 0
        let sequence = try await connection.query("SELECT seq FROM sqlite_sequence WHERE name = 'events'")
        lastSeq = Int64(sequence.first?.column("seq")?.integer ?? 0)
    }

    /// Keeps the damaged file for forensics and starts a fresh database whose
    /// first event says so.
    func moveAsideAndReopen(reason: String) async {
        await closeQuietly()
        let movedTo = path + ".corrupt-" + String(WallClock.nanoseconds() / 1_000_000_000)
        for suffix in ["", "-wal", "-shm"] {
            _ = FileStatus.rename(path + suffix, to: movedTo + suffix)
        }
        logger.error("outbox was corrupt; moved aside and started afresh", metadata: ["reason": "\(reason)", "moved_to": "\(movedTo)"])
        do {
            try await openDatabase(create: true)
        } catch {
            await closeQuietly()
            noteWriteFailure("cannot open a fresh \(path): \(describe(error))")
        }
        // First in line, whether it reaches the disk now or from memory later.
        let data = "{\"reason\":" + JSONText.quoted(reason) + ",\"moved_to\":" + JSONText.quoted(movedTo) + "}"
        pending.insert(
            NewEvent(type: StoreEventType.recovered, time: WallClock.nanoseconds(), eventClass: .notice, data: data), at: 0)
    }

    func closeQuietly() async {
        if let connection { try? await connection.close() }
        connection = nil
    }

    static func newEpoch() -> String {
        var generator = SystemRandomNumberGenerator()
        let value = generator.next() as UInt64
        let hex = String(value, radix: 16)
        return String(repeating: "0", count: 16 - hex.count) + hex
    }

    func id(forSeq seq: Int64) -> String { epoch + "-" + String(seq) }
}

/// Errors for tools that open an existing outbox.
public enum StoreError: Error, CustomStringConvertible, Equatable {
    case missing(String)
    case notAnOutbox(String)
    /// Not a sound SQLite database (another kind of file, or damaged), with SQLite's reason.
    case damaged(String, String)
    /// SQLite could not open or read it (permissions, I/O, a directory), with the reason.
    case unreadable(String, String)

    public var description: String {
        switch self {
        case .missing(let path): "\(path): no outbox here (is the path right, has wagond run?)"
        case .notAnOutbox(let path): "\(path): a SQLite file, but not a wagond outbox"
        case .damaged(let path, let reason): "\(path): not a sound SQLite database: \(reason)"
        case .unreadable(let path, let reason): "\(path): cannot read the outbox: \(reason)"
        }
    }
}

/// quick_check found damage: treated like SQLite's own corruption errors.
struct IntegrityCheckFailed: Error, CustomStringConvertible {
    var detail: String
    var description: String { "integrity check failed: \(detail)" }
}
