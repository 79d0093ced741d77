import Testing
import WagonControl

@Suite struct EventsResponseTests {
    static let train = EventsResponse.Train(
        seq: 42, id: "00ab-42", point: "east", number: 7, direction: "BA", directionName: "to Tumen",
        axles: 24, vehicles: 6, wagons: 5, locomotives: 1, start: 1_764_395_800_000_000_000,
        end: 1_764_395_830_250_000_000, speedKmhAverage: 61.3, lengthMetres: 98.25, flags: [])

    @Test func eventsAreWrittenAsTheProtocolSays() {
        let response = ControlResponse.events(EventsResponse(trains: [Self.train], truncated: true))
        #expect(response.json == """
            {"version":1,"ok":true,"response":"events","trains":[{"seq":42,"id":"00ab-42","point":"east","train":7,\
            "direction":"BA","direction_name":"to Tumen","axles":24,"vehicles":6,"wagons":5,"locomotives":1,\
            "start_ns":1764395800000000000,"end_ns":1764395830250000000,"speed_kmh_avg":61.3,"length_m":98.25,\
            "flags":[]}],"truncated":true}
            """)
        #expect(ControlResponse.events(EventsResponse(trains: [])).json
            == #"{"version":1,"ok":true,"response":"events","trains":[],"truncated":false}"#)
    }

    @Test func eventsReadBackAsWritten() throws {
        var other = Self.train
        other.number = nil
        other.directionName = nil
        other.flags = ["stopped", "reversed"]
        let response = ControlResponse.events(EventsResponse(trains: [Self.train, other]))
        #expect(try ControlResponse(json: response.json.utf8) == response)
    }

    /// The outbox holds trains as EventMapper wrote them: the replay contract
    /// plus point, train number and the direction's name.
    @Test func aTrainIsReadFromItsOutboxData() {
        let data = """
            {"direction":"BA","axles":24,"vehicles":6,"wagons":5,"locomotives":1,"start_ns":1764395800000000000,\
            "end_ns":1764395830250000000,"speed_kmh_avg":61.3,"length_m":98.25,"flags":[],"point":"east","train":7,\
            "speed_kmh_min":58.0,"speed_kmh_max":64.1,"confidence":0.982,"consist":["loco4:4","bogie4:4"],\
            "direction_name":"to Tumen"}
            """
        #expect(EventsResponse.Train(seq: 42, id: "00ab-42", subject: "ignored", data: data) == Self.train)
        #expect(EventsResponse.Train(seq: 1, id: "x", subject: "P", data: #"{"n":1}"#) == nil)
        #expect(EventsResponse.Train(seq: 1, id: "x", subject: "P", data: "not json") == nil)
        let sparse = EventsResponse.Train(seq: 1, id: "x", subject: "P", data: #"{"direction":"AB","axles":4,"end_ns":9}"#)
        #expect(sparse == EventsResponse.Train(seq: 1, id: "x", point: "P", direction: "AB", axles: 4, vehicles: 0,
                                               wagons: 0, locomotives: 0, start: 9, end: 9, speedKmhAverage: 0,
                                               lengthMetres: 0))
    }
}
