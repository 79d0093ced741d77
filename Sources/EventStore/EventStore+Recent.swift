import SQLiteNIO

extension EventStore {
    /// The newest events of one type in `eventClass`, at or after `since`
    /// (event time, ns since the epoch), at most `limit`, newest last: recent
    /// trains for the control socket (`wagonctl events`). The class narrows
    /// the scan to its index.
    public func newestEvents(ofType type: String, in eventClass: EventClass, since: Int64? = nil,
                             limit: Int) async throws -> [StoredEvent] {
        await enter()
        defer { leave() }
        guard let connection else { return [] }
        let rows = try await connection.query(
            """
            SELECT seq, origin_id, class, type, subject, time, data FROM events
            WHERE class = ? AND type = ? AND time >= ? ORDER BY seq DESC LIMIT ?
            """,
            [.integer(eventClass.rawValue), .text(type), .integer(SQLiteInt64(since ?? Int64.min)), .integer(limit)])
        return rows.map(storedEvent).reversed()
    }
}
