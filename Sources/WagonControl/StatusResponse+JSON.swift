/// `status` on the wire: the keys of docs/control-protocol.md, in this order.
extension StatusResponse {
    /// The response's body members, after `version`, `ok` and `response`.
    func write(to json: inout JSONWriter) {
        json.add("site", site)
        json.add("wagond_version", daemonVersion)
        json.add("now_ns", now)
        json.add("started_ns", started)
        json.add("uptime_s", uptimeSeconds)
        json.add("source", source)
        json.add("ready", ready)
        json.add("edges", edges)
        json.add("edges_lost", edgesLost)
        json.add("points", objects: points.map(\.json))
        json.add("store", raw: store.json)
        json.add("uplinks", objects: uplinks.map(\.json))
        json.add("clock", raw: clock.json)
    }

    init(_ fields: JSONFields) throws(ControlError) {
        self.init(
            site: try fields.string("site"), daemonVersion: try fields.string("wagond_version"),
            now: try fields.int64("now_ns"), started: try fields.int64("started_ns"),
            uptimeSeconds: try fields.int64("uptime_s"), source: try fields.string("source"),
            ready: try fields.bool("ready"), edges: try fields.int("edges"), edgesLost: try fields.int("edges_lost"),
            points: try fields.objects("points") { fields throws(ControlError) in try Point(fields) },
            store: try Store(try fields.object("store")),
            uplinks: try fields.objects("uplinks") { fields throws(ControlError) in try Uplink(fields) },
            clock: try Clock(try fields.object("clock")))
    }
}

extension StatusResponse.Point {
    var json: String {
        var json = JSONWriter()
        json.add("name", name)
        json.add("train_open", trainOpen)
        json.add("trains_today", trainsToday)
        json.add("trains_total", trainsTotal)
        json.add("axles_total", axlesTotal)
        json.add("last_train", raw: lastTrain?.json ?? "null")
        var detectors = JSONWriter()
        detectors.add("A", raw: detectorA.json)
        detectors.add("B", raw: detectorB.json)
        json.add("detectors", raw: detectors.string)
        return json.string
    }

    init(_ fields: JSONFields) throws(ControlError) {
        let detectors = try fields.object("detectors")
        self.init(
            name: try fields.string("name"),
            detectorA: try StatusResponse.Detector(try detectors.object("A")),
            detectorB: try StatusResponse.Detector(try detectors.object("B")),
            lastTrain: try fields.optionalObject("last_train").map { fields throws(ControlError) in
                try StatusResponse.Train(fields)
            },
            trainsToday: try fields.int("trains_today"), trainsTotal: try fields.int("trains_total"),
            axlesTotal: try fields.int("axles_total"), trainOpen: try fields.bool("train_open"))
    }
}

extension StatusResponse.Detector {
    var json: String {
        var json = JSONWriter()
        json.add("state", state)
        json.add("since_ns", since)
        json.add("problems", problems)
        return json.string
    }

    init(_ fields: JSONFields) throws(ControlError) {
        self.init(state: try fields.string("state"), since: try fields.optionalInt64("since_ns"),
                  problems: try fields.int("problems"))
    }
}

extension StatusResponse.Train {
    var json: String {
        var json = JSONWriter()
        json.add("end_ns", end)
        json.add("direction", direction)
        json.add("direction_name", directionName)
        json.add("axles", axles)
        json.add("wagons", wagons)
        json.add("locomotives", locomotives)
        json.add("speed_kmh", speedKmh)
        json.add("flags", strings: flags)
        return json.string
    }

    init(_ fields: JSONFields) throws(ControlError) {
        self.init(
            end: try fields.int64("end_ns"), direction: try fields.string("direction"),
            directionName: try fields.optionalString("direction_name"), axles: try fields.int("axles"),
            wagons: try fields.int("wagons"), locomotives: try fields.int("locomotives"),
            speedKmh: try fields.double("speed_kmh"), flags: try fields.strings("flags"))
    }
}

extension StatusResponse.Store {
    var json: String {
        var json = JSONWriter()
        json.add("path", path)
        json.add("events", events)
        json.add("bytes", bytes)
        json.add("file_bytes", fileBytes)
        json.add("max_events", maxEvents)
        json.add("max_bytes", maxBytes)
        json.add("oldest_event_ns", oldestEvent)
        json.add("held_in_memory", heldInMemory)
        json.add("alarm", alarm)
        json.add("alarm_since_ns", alarmSince)
        json.add("dead_letters", deadLetters)
        json.add("dropped", counts: dropped)
        return json.string
    }

    init(_ fields: JSONFields) throws(ControlError) {
        self.init(
            path: try fields.string("path"), events: try fields.int("events"), bytes: try fields.int("bytes"),
            fileBytes: try fields.int("file_bytes"), maxEvents: try fields.int("max_events"),
            maxBytes: try fields.int("max_bytes"), oldestEvent: try fields.optionalInt64("oldest_event_ns"),
            heldInMemory: try fields.int("held_in_memory"), alarm: try fields.optionalString("alarm"),
            alarmSince: try fields.optionalInt64("alarm_since_ns"), deadLetters: try fields.int("dead_letters"),
            dropped: try fields.counts("dropped"))
    }
}

extension StatusResponse.Uplink {
    var json: String {
        var json = JSONWriter()
        json.add("name", name)
        json.add("backlog", backlog)
        json.add("delivered", delivered)
        json.add("failures", failures)
        json.add("last_attempt_ns", lastAttempt)
        json.add("last_success_ns", lastSuccess)
        json.add("last_result", lastResult)
        return json.string
    }

    init(_ fields: JSONFields) throws(ControlError) {
        self.init(
            name: try fields.string("name"), backlog: try fields.int("backlog"),
            delivered: try fields.int("delivered"), failures: try fields.int("failures"),
            lastAttempt: try fields.optionalInt64("last_attempt_ns"),
            lastSuccess: try fields.optionalInt64("last_success_ns"),
            lastResult: try fields.optionalString("last_result"))
    }
}

extension StatusResponse.Clock {
    var json: String {
        var json = JSONWriter()
        json.add("synchronised", synchronised.rawValue)
        json.add("est_error_us", estimatedErrorMicroseconds)
        json.add("max_error_us", maxErrorMicroseconds)
        json.add("offset_us", offsetMicroseconds)
        return json.string
    }

    init(_ fields: JSONFields) throws(ControlError) {
        let text = try fields.string("synchronised")
        self.init(
            // A value a newer daemon invents reads as unknown, not as an error.
            synchronised: Synchronised(rawValue: text) ?? .unknown,
            estimatedErrorMicroseconds: try fields.optionalInt64("est_error_us"),
            maxErrorMicroseconds: try fields.optionalInt64("max_error_us"),
            offsetMicroseconds: try fields.optionalInt64("offset_us"))
    }
}
