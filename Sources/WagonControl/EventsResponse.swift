import WagonJSON

/// The answer to `events`: completed trains still in the outbox, oldest
/// first. The outbox keeps an event until every uplink has delivered it, so
/// with a working uplink this is the recent past; during an outage, all of it.
public struct EventsResponse: Sendable, Equatable {
    public var trains: [Train]
    /// More trains matched than the limit let through (the oldest were left out).
    public var truncated: Bool

    public init(trains: [Train], truncated: Bool = false) {
        self.trains = trains
        self.truncated = truncated
    }

    /// One train, with the keys of the replay contract (DESIGN.md) plus where
    /// it sits in the outbox.
    public struct Train: Sendable, Equatable {
        /// The outbox's sequence number and CloudEvents id.
        public var seq: Int64
        public var id: String
        public var point: String
        /// The train's number at its point since the daemon started, if known.
        public var number: Int?
        public var direction: String
        public var directionName: String?
        public var axles: Int
        public var vehicles: Int
        public var wagons: Int
        public var locomotives: Int
        public var start: Int64
        public var end: Int64
        public var speedKmhAverage: Double
        public var lengthMetres: Double
        public var flags: [String]

        public init(seq: Int64, id: String, point: String, number: Int? = nil, direction: String,
                    directionName: String? = nil, axles: Int, vehicles: Int, wagons: Int, locomotives: Int,
                    start: Int64, end: Int64, speedKmhAverage: Double, lengthMetres: Double, flags: [String] = []) {
            (self.seq, self.id, self.point, self.number) = (seq, id, point, number)
            (self.direction, self.directionName, self.axles, self.vehicles) = (direction, directionName, axles, vehicles)
            (self.wagons, self.locomotives, self.start, self.end) = (wagons, locomotives, start, end)
            (self.speedKmhAverage, self.lengthMetres, self.flags) = (speedKmhAverage, lengthMetres, flags)
        }
    }
}

extension EventsResponse {
    func write(to json: inout JSONWriter) {
        json.add("trains", objects: trains.map(\.json))
        json.add("truncated", truncated)
    }

    init(_ fields: JSONFields) throws(ControlError) {
        self.init(trains: try fields.objects("trains") { fields throws(ControlError) in try Train(fields) },
                  truncated: try fields.optionalBool("truncated") ?? false)
    }
}

extension EventsResponse.Train {
    var json: String {
        var json = JSONWriter()
        json.add("seq", seq)
        json.add("id", id)
        json.add("point", point)
        json.add("train", number.map(Int64.init))
        json.add("direction", direction)
        json.add("direction_name", directionName)
        json.add("axles", axles)
        json.add("vehicles", vehicles)
        json.add("wagons", wagons)
        json.add("locomotives", locomotives)
        json.add("start_ns", start)
        json.add("end_ns", end)
        json.add("speed_kmh_avg", speedKmhAverage)
        json.add("length_m", lengthMetres)
        json.add("flags", strings: flags)
        return json.string
    }

    init(_ fields: JSONFields) throws(ControlError) {
        self.init(
            seq: try fields.int64("seq"), id: try fields.string("id"), point: try fields.string("point"),
            number: try fields.optionalInt("train"), direction: try fields.string("direction"),
            directionName: try fields.optionalString("direction_name"), axles: try fields.int("axles"),
            vehicles: try fields.int("vehicles"), wagons: try fields.int("wagons"),
            locomotives: try fields.int("locomotives"), start: try fields.int64("start_ns"),
            end: try fields.int64("end_ns"), speedKmhAverage: try fields.double("speed_kmh_avg"),
            lengthMetres: try fields.double("length_m"), flags: try fields.strings("flags"))
    }

    /// Reads a train from the outbox: the event's `data` is the replay
    /// contract's JSON (EventMapper), its subject the point. Nil when the
    /// data is not a train's.
    public init?(seq: Int64, id: String, subject: String?, data: String) {
        guard let value = try? JSONValue.parse(data.utf8), let fields = try? JSONFields(value, path: "data"),
              let direction = try? fields.string("direction"), let axles = try? fields.int("axles"),
              let end = try? fields.int64("end_ns")
        else { return nil }
        let point = (try? fields.optionalString("point")) ?? nil
        self.init(
            seq: seq, id: id, point: point ?? subject ?? "", number: (try? fields.optionalInt("train")) ?? nil,
            direction: direction, directionName: (try? fields.optionalString("direction_name")) ?? nil,
            axles: axles, vehicles: (try? fields.int("vehicles")) ?? 0, wagons: (try? fields.int("wagons")) ?? 0,
            locomotives: (try? fields.int("locomotives")) ?? 0, start: (try? fields.int64("start_ns")) ?? end,
            end: end, speedKmhAverage: (try? fields.double("speed_kmh_avg")) ?? 0,
            lengthMetres: (try? fields.double("length_m")) ?? 0, flags: (try? fields.strings("flags")) ?? [])
    }
}
