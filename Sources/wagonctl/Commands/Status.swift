import ArgumentParser
import WagonControl
import WagonReports

/// `wagonctl status`: the running daemon, asked over its control socket.
struct Status: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Show what the running wagond is doing.",
        discussion: """
            Asks wagond over its control socket: per counting point the \
            detectors, the last train and the trains today; then the outbox, \
            the uplinks and whether the system clock is synchronised. --json \
            prints the answer as one JSON object (docs/control-protocol.md). \
            Exit status 69 when wagond does not answer, 77 when this user may \
            not use its socket (add it to the wagond group).
            """)

    @OptionGroup var options: ControlSocketOptions

    func run() throws {
        let (response, line) = try askDaemon(.status, socket: options.socket)
        guard case .status(let status) = response else { return }
        if options.json {
            emit(line)
        } else {
            for text in StatusText(utc: options.utc).lines(status) { emit(text) }
        }
    }
}

/// The human form of a status: one line per fact, each starting with what
/// it is about, so `grep` finds it.
struct StatusText {
    var utc: Bool

    func lines(_ status: StatusResponse) -> [String] {
        var lines = ["wagond \(status.daemonVersion) at site \"\(status.site)\": up \(TimeText.duration(seconds: status.uptimeSeconds)), "
            + (status.ready ? "" : "starting, ") + "source \(status.source), \(status.edges) edges"
            + (status.edgesLost > 0 ? ", \(status.edgesLost) LOST" : "")]
        for point in status.points { lines += self.point(point, now: status.now) }
        lines += store(status.store, now: status.now)
        for uplink in status.uplinks { lines.append(self.uplink(uplink, now: status.now)) }
        if status.uplinks.isEmpty { lines.append("uplinks: none configured") }
        lines.append(clock(status.clock))
        return lines
    }

    private func point(_ point: StatusResponse.Point, now: Int64) -> [String] {
        var head = "point \(point.name): \(point.trainsToday) train\(point.trainsToday == 1 ? "" : "s") today, "
            + "\(point.trainsTotal) since start"
        if point.trainOpen { head += "; a train is over the point now" }
        var lines = [head]
        for (side, detector) in [("A", point.detectorA), ("B", point.detectorB)] {
            var text = "  detector \(side): \(detector.state)"
            if let since = detector.since, detector.state != "ok" { text += " since \(time(since, now: now))" }
            if detector.problems > 0 { text += " (\(detector.problems) problem\(detector.problems == 1 ? "" : "s") since start)" }
            lines.append(text)
        }
        if let train = point.lastTrain {
            var text = "  last train: \(time(train.end, now: now)), \(train.direction)"
            if let name = train.directionName { text += " (\(name))" }
            text += ", \(train.axles) axles, \(count(train.wagons, "wagon")), \(count(train.locomotives, "locomotive")), "
                + Decimal.fixed(train.speedKmh, decimals: 1) + " km/h"
            if !train.flags.isEmpty { text += " [" + train.flags.joined(separator: ",") + "]" }
            lines.append(text)
        } else {
            lines.append("  last train: none since start")
        }
        return lines
    }

    private func store(_ store: StatusResponse.Store, now: Int64) -> [String] {
        var head = "store: \(store.path), \(store.events) event\(store.events == 1 ? "" : "s") waiting, "
            + "\(bytes(store.bytes)) of \(bytes(store.maxBytes))"
        if let oldest = store.oldestEvent { head += ", oldest \(time(oldest, now: now))" }
        var lines = [head]
        if let alarm = store.alarm {
            lines.append("  store ALARM: \(alarm)" + (store.alarmSince.map { " since \(time($0, now: now))" } ?? ""))
        }
        if store.heldInMemory > 0 { lines.append("  held in memory: \(store.heldInMemory) events (not yet on disk)") }
        let dropped = store.dropped.keys.sorted().map { "\($0) \(store.dropped[$0]!)" }
        lines.append("  dead letters: \(store.deadLetters); dropped at the caps: "
            + (dropped.isEmpty ? "none" : dropped.joined(separator: ", ")))
        return lines
    }

    private func uplink(_ uplink: StatusResponse.Uplink, now: Int64) -> String {
        var text = "uplink \(uplink.name): backlog \(uplink.backlog), delivered \(uplink.delivered), "
            + "failures \(uplink.failures)"
        text += "; last success " + (uplink.lastSuccess.map { time($0, now: now) } ?? "never")
        if let attempt = uplink.lastAttempt, attempt != uplink.lastSuccess {
            text += "; last attempt \(time(attempt, now: now))"
        }
        if let result = uplink.lastResult { text += ": \(result)" }
        return text
    }

    private func clock(_ clock: StatusResponse.Clock) -> String {
        switch clock.synchronised {
        case .yes:
            var text = "clock: synchronised"
            if let estimated = clock.estimatedErrorMicroseconds, let maximum = clock.maxErrorMicroseconds {
                text += " (estimated error \(microseconds(estimated)), at most \(microseconds(maximum)))"
            }
            return text
        case .no: return "clock: NOT synchronised: train times may be off (is chrony or timesyncd running?)"
        case .unknown: return "clock: synchronisation unknown"
        }
    }

    private func time(_ time: Int64, now: Int64) -> String {
        TimeText.format(time, utc: utc) + " (" + TimeText.age(time, now: now) + ")"
    }

    private func count(_ value: Int, _ noun: String) -> String { "\(value) \(noun)\(value == 1 ? "" : "s")" }

    private func bytes(_ value: Int) -> String {
        if value < 10 * 1024 { return "\(value) B" }
        if value < 10 * 1024 * 1024 { return "\(value / 1024) KiB" }
        return "\(value / (1024 * 1024)) MiB"
    }

    private func microseconds(_ value: Int64) -> String {
        value < 10_000 ? "\(value) µs" : "\(value / 1000) ms"
    }
}
