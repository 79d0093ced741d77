import SQLiteNIO
import WagonJSON

/// What one append had to drop to stay under the caps.
struct Drops {
    var byClass: [EventClass: Int] = [:]
    var events = 0
    var bytes = 0
    var firstSeq: Int64 = .max
    var lastSeq: Int64 = 0
    var reason = ""
    /// Earlier drop notices still in the outbox, replaced by this one.
    var supersededNotices = 0
    var supersededBytes = 0
    /// Lifetime totals including this drop.
    var totals: [EventClass: Int] = [:]

    /// The event that reports the drop (docs/store.md, "When the store is full").
    var notice: NewEvent {
        var data = "{\"reason\":" + JSONText.quoted(reason)
        data += ",\"dropped\":" + EventStore.classCounts(byClass)
        data += ",\"dropped_total\":" + EventStore.classCounts(totals)
        data += ",\"first_seq\":" + String(firstSeq) + ",\"last_seq\":" + String(lastSeq) + "}"
        return NewEvent(type: StoreEventType.dropped, time: WallClock.nanoseconds(), eventClass: .notice, data: data)
    }
}

extension EventStore {
    /// Deletes the oldest events of the lowest classes until `events` more
    /// events of `bytes` (plus the drop notice) fit. Runs inside the append's
    /// transaction, so a crash never leaves a drop without its notice.
    /// Undelivered older drop notices are replaced by the new one, which
    /// carries lifetime totals: a long outage at the cap yields one notice,
    /// not a notice per append crowding out the trains.
    func makeRoom(forEvents events: Int, bytes: Int) async throws -> Drops? {
        guard let connection else { return nil }
        let noticeAllowance = StoredEvent.footprint(type: StoreEventType.dropped, subject: nil, data: String(repeating: " ", count: 160))
        var excessEvents = eventCount + events + 1 - limits.maxEvents
        var excessBytes = byteCount + bytes + noticeAllowance - limits.maxBytes
        guard excessEvents > 0 || excessBytes > 0 else { return nil }

        var drops = Drops()
        let superseded = try await connection.query(
            "DELETE FROM events WHERE class = ? AND type = ? RETURNING size",
            [.integer(EventClass.notice.rawValue), .text(StoreEventType.dropped)])
        drops.supersededNotices = superseded.count
        drops.supersededBytes = superseded.reduce(0) { $0 + ($1.column("size")?.integer ?? 0) }
        excessEvents -= drops.supersededNotices
        excessBytes -= drops.supersededBytes
        drops.reason = excessEvents > 0
            ? "event cap of \(limits.maxEvents) reached"
            : "byte cap of \(limits.maxBytes) reached"
        for eventClass in EventClass.allCases {
            while excessEvents > 0 || excessBytes > 0 {
                let rows = try await connection.query(
                    "SELECT seq, size FROM events WHERE class = ? ORDER BY seq LIMIT 512",
                    [.integer(eventClass.rawValue)])
                guard !rows.isEmpty else { break }
                var through: Int64 = 0
                for row in rows where excessEvents > 0 || excessBytes > 0 {
                    let seq = Int64(row.column("seq")?.integer ?? 0)
                    let size = row.column("size")?.integer ?? 0
                    through = seq
                    excessEvents -= 1
                    excessBytes -= size
                    drops.events += 1
                    drops.bytes += size
                    drops.byClass[eventClass, default: 0] += 1
                    drops.firstSeq = min(drops.firstSeq, seq)
                    drops.lastSeq = max(drops.lastSeq, seq)
                }
                _ = try await connection.query(
                    "DELETE FROM events WHERE class = ? AND seq <= ?",
                    [.integer(eventClass.rawValue), .integer(SQLiteInt64(through))])
            }
        }
        logger.warning("outbox full: dropped events", metadata: [
            "reason": "\(drops.reason)", "dropped": "\(drops.events)",
        ])
        for eventClass in EventClass.allCases {
            drops.totals[eventClass] = droppedTotals[eventClass, default: 0] + drops.byClass[eventClass, default: 0]
        }
        return drops.events > 0 || drops.supersededNotices > 0 ? drops : nil
    }

    /// Lifetime drop counters, kept in `meta` for `wagonctl queue`.
    func loadDropCounters() async throws {
        guard let connection else { return }
        droppedTotals = [:]
        for row in try await connection.query("SELECT key, value FROM meta WHERE key LIKE 'dropped.%'") {
            let name = row.column("key")?.string?.dropFirst("dropped.".count) ?? ""
            if let eventClass = EventClass.allCases.first(where: { $0.name == name }) {
                droppedTotals[eventClass] = Int(row.column("value")?.string ?? "") ?? 0
            }
        }
    }

    func addToDropCounters(_ byClass: [EventClass: Int]) async throws {
        guard let connection else { return }
        for (eventClass, count) in byClass where count > 0 {
            _ = try await connection.query(
                """
                INSERT INTO meta(key, value) VALUES (?, ?)
                ON CONFLICT(key) DO UPDATE SET value = CAST(value AS INTEGER) + excluded.value
                """,
                [.text("dropped." + eventClass.name), .text(String(count))])
        }
    }
}
