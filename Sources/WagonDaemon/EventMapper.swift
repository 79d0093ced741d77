import EventStore
import WagonCore
import WagonReports
import WagonJSON

/// Turns the core's events into outbox events: CloudEvents types, classes,
/// wall-clock times and JSON data (trains in the replay contract's shape,
/// so a backend reads live and replayed trains alike).
public struct EventMapper: Sendable {
    public static let trainType = "org.wagond.train"
    public static let trainStartedType = "org.wagond.train.started"
    public static let healthType = "org.wagond.health"

    public var channels: ChannelTable
    public var directionNames: [String: [Direction: String]]

    public init(channels: ChannelTable, directionNames: [String: [Direction: String]] = [:]) {
        self.channels = channels
        self.directionNames = directionNames
    }

    /// `wallOffset` turns the source's clock into Unix time (zero when the
    /// source already speaks wall time). Axle events stay in the core's
    /// counters: one per wheel is too many for the uplink.
    public func map(_ event: WagonEvent, wallOffset: Nanoseconds) -> NewEvent? {
        switch event {
        case .trainStarted(let start):
            let point = channels.pointName(start.point)
            var json = JSONObjectWriter()
            json.add("point", point)
            json.add("train", start.number)
            json.add("start", start.time + wallOffset)
            if let direction = start.direction { json.add("direction", direction.rawValue) }
            return NewEvent(type: Self.trainStartedType, subject: point, time: start.time + wallOffset,
                            eventClass: .diagnostic, data: json.string)
        case .trainCompleted(var report):
            report.start += wallOffset
            report.end += wallOffset
            let point = channels.pointName(report.point)
            var data = report.jsonLine(pointName: point)
            if let name = directionNames[point]?[report.direction] {
                data.removeLast()
                data += ",\"direction_name\":" + JSONText.quoted(name) + "}"
            }
            return NewEvent(type: Self.trainType, subject: point, time: report.end, eventClass: .train, data: data)
        case .health(var health):
            health.time += wallOffset
            let point = channels.pointName(health.detector.point)
            return NewEvent(type: Self.healthType, subject: point, time: health.time, eventClass: .health,
                            data: health.jsonLine(channels: channels))
        case .axle:
            return nil
        }
    }
}
