import SQLiteNIO
import WagonJSON

/// The uplinks' side: each has a cursor (the highest seq it has delivered);
/// an event leaves the outbox once every registered uplink is past it.
extension EventStore {
    /// Names the uplinks that must deliver every event. Cursors of uplinks not
    /// named stay in the file but no longer hold events back.
    public func register(uplinks names: [String]) async throws {
        await enter()
        defer { leave() }
        cursors = Dictionary(uniqueKeysWithValues: names.map { ($0, 0) })
        try await loadCursors()
    }

    /// Reads the registered uplinks' cursors (at register, and when a store
    /// that started in memory finally opens its file).
    func loadCursors() async throws {
        guard let connection else { return }
        for name in cursors.keys {
            _ = try await connection.query("INSERT OR IGNORE INTO uplinks(name) VALUES (?)", [.text(name)])
            let row = try await connection.query("SELECT acked_seq FROM uplinks WHERE name = ?", [.text(name)]).first
            cursors[name] = Int64(row?.column("acked_seq")?.integer ?? 0)
        }
    }

    /// The next events `uplink` has not delivered, oldest first. One short
    /// read, so the WAL can always be checkpointed.
    public func batch(for uplink: String, limit: Int) async throws -> [StoredEvent] {
        await enter()
        defer { leave() }
        guard let connection else { return [] }
        let cursor = cursors[uplink] ?? 0
        let rows = try await connection.query(
            "SELECT seq, origin_id, class, type, subject, time, data FROM events WHERE seq > ? ORDER BY seq LIMIT ?",
            [.integer(SQLiteInt64(cursor)), .integer(limit)])
        return rows.map(storedEvent)
    }

    /// Seconds-resolution age of the oldest event `uplink` has not delivered,
    /// or nil if it has delivered everything.
    public func oldestUndelivered(for uplink: String) async throws -> (seq: Int64, time: Int64)? {
        await enter()
        defer { leave() }
        guard let connection else { return nil }
        let row = try await connection.query(
            "SELECT seq, time FROM events WHERE seq > ? ORDER BY seq LIMIT 1",
            [.integer(SQLiteInt64(cursors[uplink] ?? 0))]).first
        guard let row, let seq = row.column("seq")?.integer, let time = row.column("time")?.integer else { return nil }
        return (Int64(seq), Int64(time))
    }

    /// The backend has everything of `uplink` up to `seq`.
    public func acknowledge(uplink: String, through seq: Int64, delivered count: Int) async throws {
        await enter()
        defer { leave() }
        guard let connection else { throw StoreError.missing(path) }
        let now = WallClock.nanoseconds()
        _ = try await connection.query("BEGIN IMMEDIATE")
        do {
            _ = try await connection.query(
                """
                UPDATE uplinks SET acked_seq = MAX(acked_seq, ?), delivered = delivered + ?,
                    last_attempt = ?, last_success = ?, last_result = ? WHERE name = ?
                """,
                [.integer(SQLiteInt64(seq)), .integer(count), .integer(SQLiteInt64(now)), .integer(SQLiteInt64(now)),
                 .text("delivered \(count) event\(count == 1 ? "" : "s")"), .text(uplink)])
            let removed = try await deleteDelivered(movingCursor: uplink, to: seq)
            _ = try await connection.query("COMMIT")
            cursors[uplink] = max(cursors[uplink] ?? 0, seq)
            eventCount -= removed.events
            byteCount -= removed.bytes
        } catch {
            _ = try? await connection.query("ROLLBACK")
            throw error
        }
    }

    /// A failed attempt, for `wagonctl queue`; nothing leaves the outbox.
    public func recordFailure(uplink: String, reason: String) async {
        await enter()
        defer { leave() }
        guard let connection else { return }
        _ = try? await connection.query(
            "UPDATE uplinks SET failures = failures + 1, last_attempt = ?, last_result = ? WHERE name = ?",
            [.integer(SQLiteInt64(WallClock.nanoseconds())), .text(reason), .text(uplink)])
    }

    /// The backend refused `events` for good: they move to the dead letters
    /// (for `wagonctl queue dead-letters` and `queue retry`), the uplink goes
    /// on with the next batch, and a notice reports it.
    public func deadLetter(uplink: String, events: [StoredEvent], reason: String) async throws {
        await enter()
        defer { leave() }
        guard let connection, let last = events.last else { return }
        let now = WallClock.nanoseconds()
        _ = try await connection.query("BEGIN IMMEDIATE")
        do {
            for event in events {
                _ = try await connection.query(
                    """
                    INSERT INTO dead_letters(uplink, id, class, type, subject, time, data, reason, at)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
                    """,
                    [.text(uplink), .text(event.id), .integer(event.eventClass.rawValue), .text(event.type),
                     event.subject.map { .text($0) } ?? .null, .integer(SQLiteInt64(event.time)), .text(event.data),
                     .text(reason), .integer(SQLiteInt64(now))])
            }
            _ = try await connection.query(
                """
                DELETE FROM dead_letters WHERE rowid IN
                    (SELECT rowid FROM dead_letters ORDER BY rowid DESC LIMIT -1 OFFSET ?)
                """, [.integer(limits.maxDeadLetters)])
            _ = try await connection.query(
                "UPDATE uplinks SET acked_seq = MAX(acked_seq, ?), failures = failures + 1, last_attempt = ?, last_result = ? WHERE name = ?",
                [.integer(SQLiteInt64(last.seq)), .integer(SQLiteInt64(now)), .text("rejected: " + reason), .text(uplink)])
            let removed = try await deleteDelivered(movingCursor: uplink, to: last.seq)
            _ = try await connection.query("COMMIT")
            cursors[uplink] = max(cursors[uplink] ?? 0, last.seq)
            eventCount -= removed.events
            byteCount -= removed.bytes
        } catch {
            _ = try? await connection.query("ROLLBACK")
            throw error
        }
        logger.error("uplink refused a batch; moved to dead letters", metadata: [
            "uplink": "\(uplink)", "events": "\(events.count)", "reason": "\(reason)",
        ])
        var data = "{\"uplink\":" + JSONText.quoted(uplink) + ",\"reason\":" + JSONText.quoted(reason)
        data += ",\"events\":" + String(events.count)
        data += ",\"first_id\":" + JSONText.quoted(events[0].id) + ",\"last_id\":" + JSONText.quoted(last.id) + "}"
        await appendUnlocked([NewEvent(type: StoreEventType.deadLettered, time: now, eventClass: .notice, data: data)])
    }

    /// Deletes what every registered uplink has delivered, assuming `uplink`'s
    /// cursor moves to `seq`.
    private func deleteDelivered(movingCursor uplink: String, to seq: Int64) async throws -> (events: Int, bytes: Int) {
        guard let connection else { return (0, 0) }
        var positions = cursors
        positions[uplink] = max(positions[uplink] ?? 0, seq)
        guard let everyoneHas = positions.values.min(), everyoneHas > 0 else { return (0, 0) }
        let rows = try await connection.query(
            "DELETE FROM events WHERE seq <= ? RETURNING size", [.integer(SQLiteInt64(everyoneHas))])
        return (rows.count, rows.reduce(0) { $0 + ($1.column("size")?.integer ?? 0) })
    }

    func storedEvent(_ row: SQLiteRow) -> StoredEvent {
        let seq = Int64(row.column("seq")?.integer ?? 0)
        return StoredEvent(
            seq: seq,
            id: row.column("origin_id")?.string ?? id(forSeq: seq),
            type: row.column("type")?.string ?? "",
            subject: row.column("subject")?.string,
            time: Int64(row.column("time")?.integer ?? 0),
            eventClass: EventClass(rawValue: row.column("class")?.integer ?? 0) ?? .diagnostic,
            data: row.column("data")?.string ?? "null")
    }
}
