import SQLiteNIO
import WagonJSON

/// What became of appended events.
public enum AppendReceipt: Sendable, Equatable {
    /// Committed and synced; the newest event on disk has `lastSeq`.
    case durable(lastSeq: Int64)
    /// The disk refuses writes: the events wait in memory (`held` in all) and
    /// are written, in order, as soon as it takes them again.
    case held(events: Int, reason: String)
}

extension EventStore {
    /// Adds events to the outbox, in order. Returns once they are durable, or
    /// held in memory if the disk refuses them (an alarm is raised and the
    /// next append, or `flushPending()`, retries).
    @discardableResult
    public func append(_ events: [NewEvent]) async -> AppendReceipt {
        await enter()
        defer { leave() }
        return await appendUnlocked(events)
    }

    @discardableResult
    func appendUnlocked(_ events: [NewEvent]) async -> AppendReceipt {
        hold(events)
        return await flushPendingUnlocked()
    }

    @discardableResult
    public func append(_ event: NewEvent) async -> AppendReceipt {
        await append([event])
    }

    /// Writes what waits in memory. Called by `append`; call it on a timer
    /// too, so held events reach the disk even when no new ones come.
    @discardableResult
    public func flushPending() async -> AppendReceipt {
        await enter()
        defer { leave() }
        return await flushPendingUnlocked()
    }

    @discardableResult
    func flushPendingUnlocked() async -> AppendReceipt {
        if connection == nil, WallClock.monotonicNanoseconds() - lastOpenAttempt >= 1_000_000_000 {
            await reopen()
        }
        guard !pending.isEmpty else { return .durable(lastSeq: lastSeq) }
        guard connection != nil else {
            return .held(events: pending.count, reason: writeFailure?.reason ?? "outbox not open")
        }
        do {
            try await write(pending)
            pending.removeAll(keepingCapacity: false)
            try await reportRecoveredWrites()
            return .durable(lastSeq: lastSeq)
        } catch {
            if case .corrupt = StoreFailure(error) {
                await moveAsideAndReopen(reason: describe(error))
            } else {
                noteWriteFailure(describe(error))
            }
            return .held(events: pending.count, reason: writeFailure?.reason ?? describe(error))
        }
    }

    // MARK: - Memory buffer

    /// Queues events in memory, bounded: beyond the cap the oldest event of
    /// the lowest class goes, and is counted.
    func hold(_ events: [NewEvent]) {
        pending.append(contentsOf: events)
        while pending.count > limits.memoryBufferEvents {
            let lowest = pending.map(\.eventClass).min() ?? .diagnostic
            let index = pending.firstIndex { $0.eventClass == lowest } ?? 0
            lostInMemory[pending[index].eventClass, default: 0] += 1
            pending.remove(at: index)
        }
    }

    func noteWriteFailure(_ reason: String) {
        if writeFailure == nil {
            writeFailure = WriteFailure(since: WallClock.nanoseconds(), reason: reason, attempts: 1)
            logger.critical("outbox cannot write; holding events in memory", metadata: ["reason": "\(reason)"])
        } else {
            writeFailure?.reason = reason
            writeFailure?.attempts += 1
        }
    }

    /// After a failure, the first good write says how long it lasted and what
    /// (if anything) did not fit in memory.
    private func reportRecoveredWrites() async throws {
        guard let failure = writeFailure else { return }
        writeFailure = nil
        let now = WallClock.nanoseconds()
        var data = "{\"reason\":" + JSONText.quoted(failure.reason)
        data += ",\"since_ns\":" + String(failure.since)
        data += ",\"duration_s\":" + String((now - failure.since) / 1_000_000_000)
        data += ",\"attempts\":" + String(failure.attempts)
        data += ",\"lost\":" + Self.classCounts(lostInMemory) + "}"
        lostInMemory.removeAll()
        logger.notice("outbox writes again", metadata: ["after_attempts": "\(failure.attempts)"])
        try await write([NewEvent(type: StoreEventType.writeFailed, time: now, eventClass: .notice, data: data)])
    }

    private func reopen() async {
        lastOpenAttempt = WallClock.monotonicNanoseconds()
        do {
            try await openDatabase(create: true)
        } catch {
            if case .corrupt = StoreFailure(error) {
                await moveAsideAndReopen(reason: describe(error))
            } else {
                noteWriteFailure("cannot open \(path): \(describe(error))")
            }
        }
    }

    // MARK: - Writing

    /// One transaction: make room under the caps, insert, commit (synced).
    func write(_ events: [NewEvent]) async throws {
        guard let connection else { throw StoreError.missing(path) }
        _ = try await connection.query("BEGIN IMMEDIATE")
        do {
            let incomingBytes = events.reduce(0) { $0 + StoredEvent.footprint(type: $1.type, subject: $1.subject, data: $1.data) }
            let drops = try await makeRoom(forEvents: events.count, bytes: incomingBytes)
            var toInsert = events
            if let drops { toInsert.insert(drops.notice, at: 0) }
            var newest = lastSeq
            var insertedBytes = 0
            for chunk in stride(from: 0, to: toInsert.count, by: Self.rowsPerInsert) {
                let rows = toInsert[chunk..<min(chunk + Self.rowsPerInsert, toInsert.count)]
                newest = try await insert(rows, originIDs: nil)
                insertedBytes += rows.reduce(0) { $0 + StoredEvent.footprint(type: $1.type, subject: $1.subject, data: $1.data) }
            }
            if let drops { try await addToDropCounters(drops.byClass) }
            _ = try await connection.query("COMMIT")
            lastSeq = newest
            eventCount += toInsert.count - (drops.map { $0.events + $0.supersededNotices } ?? 0)
            byteCount += insertedBytes - (drops.map { $0.bytes + $0.supersededBytes } ?? 0)
            if let drops { droppedTotals = drops.totals }
        } catch {
            _ = try? await connection.query("ROLLBACK")
            throw error
        }
    }

    /// SQLite allows 32,766 bound values; 7 per row, and statements this size
    /// keep each thread-pool hop short.
    static let rowsPerInsert = 200

    /// Inserts rows and returns the newest seq.
    func insert(_ rows: ArraySlice<NewEvent>, originIDs: [String]?) async throws -> Int64 {
        guard let connection else { throw StoreError.missing(path) }
        var sql = "INSERT INTO events(origin_id, class, type, subject, time, data, size) VALUES "
        var binds: [SQLiteData] = []
        binds.reserveCapacity(rows.count * 7)
        for (offset, event) in rows.enumerated() {
            sql += offset == 0 ? "(?,?,?,?,?,?,?)" : ",(?,?,?,?,?,?,?)"
            binds.append(originIDs.map { .text($0[offset]) } ?? .null)
            binds.append(.integer(event.eventClass.rawValue))
            binds.append(.text(event.type))
            binds.append(event.subject.map { .text($0) } ?? .null)
            binds.append(.integer(SQLiteInt64(event.time)))
            binds.append(.text(event.data))
            binds.append(.integer(StoredEvent.footprint(type: event.type, subject: event.subject, data: event.data)))
        }
        sql += " RETURNING seq"
        let returned = try await connection.query(sql, binds)
        return returned.compactMap { $0.column("seq")?.integer }.map { Int64($0) }.max() ?? lastSeq
    }

    static func classCounts(_ counts: [EventClass: Int]) -> String {
        "{" + EventClass.allCases.map { "\"\($0.name)\":\(counts[$0] ?? 0)" }.joined(separator: ",") + "}"
    }
}
