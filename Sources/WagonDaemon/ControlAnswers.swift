import EventStore
import WagonControl
import WagonCore

/// The control protocol's answers, made from what the daemon knows: the
/// shared status, the outbox's statistics and the clock. No I/O here.
enum ControlAnswers {
    static func status(_ snapshot: DaemonStatus.Snapshot, store stats: StoreStats, clock: StatusResponse.Clock,
                       daemonVersion: String, now: Nanoseconds) -> StatusResponse {
        let today = Clocks.localDay(of: now)
        let points = snapshot.points.map { point in
            StatusResponse.Point(
                name: point.name, detectorA: detector(point.detectorA), detectorB: detector(point.detectorB),
                lastTrain: point.lastTrain.map(train),
                // The count is of the day of the last train; none yet today is zero.
                trainsToday: point.today == today ? point.trainsToday : 0,
                trainsTotal: point.trainsTotal, axlesTotal: point.axlesTotal, trainOpen: point.trainOpen)
        }
        let store = StatusResponse.Store(
            path: stats.path, events: stats.events, bytes: stats.bytes, fileBytes: stats.fileBytes,
            maxEvents: stats.limits.maxEvents, maxBytes: stats.limits.maxBytes, oldestEvent: stats.oldestTime,
            heldInMemory: stats.heldInMemory, alarm: stats.writeFailure ?? snapshot.storeAlarm,
            alarmSince: stats.writeFailureSince, deadLetters: stats.deadLetters,
            dropped: Dictionary(uniqueKeysWithValues: stats.dropped.map { ($0.key.name, $0.value) }))
        let uplinks = stats.uplinks.map {
            StatusResponse.Uplink(
                name: $0.name, backlog: $0.backlog, delivered: $0.delivered, failures: $0.failures,
                lastAttempt: $0.lastAttempt, lastSuccess: $0.lastSuccess, lastResult: $0.lastResult)
        }
        return StatusResponse(
            site: snapshot.site, daemonVersion: daemonVersion, now: now, started: snapshot.startedAt,
            uptimeSeconds: max(0, (now - snapshot.startedAt) / 1_000_000_000), source: snapshot.source,
            ready: snapshot.ready, edges: snapshot.edges, edgesLost: snapshot.edgesLost, points: points,
            store: store, uplinks: uplinks, clock: clock)
    }

    /// Trains from the outbox, oldest first; `stored` holds at most one more
    /// than `limit`, to tell whether older ones were left out.
    static func events(_ stored: [StoredEvent], limit: Int) -> EventsResponse {
        let trains = stored.compactMap {
            EventsResponse.Train(seq: $0.seq, id: $0.id, subject: $0.subject, data: $0.data)
        }
        return EventsResponse(trains: Array(trains.suffix(limit)), truncated: stored.count > limit)
    }

    private static func detector(_ state: DetectorState) -> StatusResponse.Detector {
        StatusResponse.Detector(state: state.state, since: state.since, problems: state.problems)
    }

    private static func train(_ summary: TrainSummary) -> StatusResponse.Train {
        StatusResponse.Train(
            end: summary.end, direction: summary.direction, directionName: summary.directionName,
            axles: summary.axles, wagons: summary.wagons, locomotives: summary.locomotives,
            speedKmh: (summary.speedKmh * 10).rounded() / 10, flags: summary.flags)
    }
}
