import SQLiteNIO

extension EventStore {
    public func stats() async -> StoreStats {
        await enter()
        defer { leave() }
        var stats = StoreStats(
            path: path, epoch: epoch, events: eventCount, bytes: byteCount,
            fileBytes: (FileStatus.size(path) ?? 0) + (FileStatus.size(path + "-wal") ?? 0),
            oldestSeq: nil, oldestTime: nil, newestSeq: lastSeq, heldInMemory: pending.count,
            writeFailure: writeFailure?.reason, writeFailureSince: writeFailure?.since,
            dropped: [:], deadLetters: 0, uplinks: [], limits: limits)
        guard let connection else { return stats }
        if let row = try? await connection.query("SELECT seq, time FROM events ORDER BY seq LIMIT 1").first {
            stats.oldestSeq = row.column("seq")?.integer.map(Int64.init)
            stats.oldestTime = row.column("time")?.integer.map(Int64.init)
        }
        stats.dropped = droppedTotals.filter { $0.value > 0 }
        stats.deadLetters = (try? await connection.query("SELECT COUNT(*) AS n FROM dead_letters").first?
            .column("n")?.integer) ?? 0
        let uplinks = (try? await connection.query(
            """
            SELECT name, acked_seq, delivered, failures, last_attempt, last_success, last_result,
                (SELECT COUNT(*) FROM events WHERE seq > uplinks.acked_seq) AS backlog
            FROM uplinks ORDER BY name
            """)) ?? []
        stats.uplinks = uplinks.map { row in
            UplinkState(
                name: row.column("name")?.string ?? "",
                ackedSeq: Int64(row.column("acked_seq")?.integer ?? 0),
                backlog: row.column("backlog")?.integer ?? 0,
                delivered: row.column("delivered")?.integer ?? 0,
                failures: row.column("failures")?.integer ?? 0,
                lastAttempt: row.column("last_attempt")?.integer.map(Int64.init),
                lastSuccess: row.column("last_success")?.integer.map(Int64.init),
                lastResult: row.column("last_result")?.string)
        }
        return stats
    }

    /// Events in the outbox after `seq`, oldest first.
    public func events(after seq: Int64 = 0, limit: Int) async throws -> [StoredEvent] {
        await enter()
        defer { leave() }
        guard let connection else { return [] }
        let rows = try await connection.query(
            "SELECT seq, origin_id, class, type, subject, time, data FROM events WHERE seq > ? ORDER BY seq LIMIT ?",
            [.integer(SQLiteInt64(seq)), .integer(limit)])
        return rows.map(storedEvent)
    }

    /// The newest events, newest last (for `wagonctl queue list --tail`).
    public func newestEvents(limit: Int) async throws -> [StoredEvent] {
        await enter()
        defer { leave() }
        guard let connection else { return [] }
        let rows = try await connection.query(
            "SELECT seq, origin_id, class, type, subject, time, data FROM events ORDER BY seq DESC LIMIT ?",
            [.integer(limit)])
        return rows.map(storedEvent).reversed()
    }

    public func deadLetters(limit: Int) async throws -> [DeadLetter] {
        await enter()
        defer { leave() }
        return try await deadLettersUnlocked(limit: limit)
    }

    func deadLettersUnlocked(limit: Int) async throws -> [DeadLetter] {
        guard let connection else { return [] }
        let rows = try await connection.query(
            "SELECT uplink, id, class, type, subject, time, data, reason, at FROM dead_letters ORDER BY rowid LIMIT ?",
            [.integer(limit)])
        return rows.map { row in
            DeadLetter(
                uplink: row.column("uplink")?.string ?? "",
                event: StoredEvent(
                    seq: 0, id: row.column("id")?.string ?? "", type: row.column("type")?.string ?? "",
                    subject: row.column("subject")?.string, time: Int64(row.column("time")?.integer ?? 0),
                    eventClass: EventClass(rawValue: row.column("class")?.integer ?? 0) ?? .diagnostic,
                    data: row.column("data")?.string ?? "null"),
                reason: row.column("reason")?.string ?? "",
                at: Int64(row.column("at")?.integer ?? 0))
        }
    }

    /// Puts dead letters back in the outbox (after the backend was fixed).
    /// They keep their original ids, so the backend can still deduplicate.
    /// Returns how many went back.
    @discardableResult
    public func requeueDeadLetters(uplink: String? = nil) async throws -> Int {
        await enter()
        defer { leave() }
        guard let connection else { throw StoreError.missing(path) }
        let letters = try await deadLettersUnlocked(limit: Int.max).filter { uplink == nil || $0.uplink == uplink }
        guard !letters.isEmpty else { return 0 }
        _ = try await connection.query("BEGIN IMMEDIATE")
        do {
            var newest = lastSeq
            for start in stride(from: 0, to: letters.count, by: Self.rowsPerInsert) {
                let slice = letters[start..<min(start + Self.rowsPerInsert, letters.count)]
                let events = slice.map {
                    NewEvent(type: $0.event.type, subject: $0.event.subject, time: $0.event.time,
                             eventClass: $0.event.eventClass, data: $0.event.data)
                }
                newest = try await insert(events[...], originIDs: slice.map(\.event.id))
            }
            if let uplink {
                _ = try await connection.query("DELETE FROM dead_letters WHERE uplink = ?", [.text(uplink)])
            } else {
                _ = try await connection.query("DELETE FROM dead_letters")
            }
            _ = try await connection.query("COMMIT")
            lastSeq = newest
            eventCount += letters.count
            byteCount += letters.reduce(0) { $0 + $1.event.footprint }
        } catch {
            _ = try? await connection.query("ROLLBACK")
            throw error
        }
        return letters.count
    }
}
