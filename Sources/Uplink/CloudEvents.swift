import EventStore
import WagonJSON

/// CloudEvents 1.0 in JSON (structured mode and batches), written by hand:
/// the event's data is already JSON, so it is spliced in, never re-parsed.
public enum CloudEvents {
    public static let batchContentType = "application/cloudevents-batch+json"
    public static let structuredContentType = "application/cloudevents+json"

    /// One event as a JSON object.
    public static func structured(_ event: StoredEvent, source: String) -> String {
        var out = ""
        append(event, source: source, to: &out)
        return out
    }

    /// A batch: a JSON array of structured events, in the order given.
    public static func batch(_ events: [StoredEvent], source: String) -> String {
        var out = "["
        out.reserveCapacity(events.reduce(2) { $0 + $1.data.utf8.count + 200 })
        for (index, event) in events.enumerated() {
            if index > 0 { out += "," }
            append(event, source: source, to: &out)
        }
        return out + "]"
    }

    private static func append(_ event: StoredEvent, source: String, to out: inout String) {
        out += "{\"specversion\":\"1.0\",\"id\":"
        out += JSONText.quoted(event.id)
        out += ",\"source\":" + JSONText.quoted(source)
        out += ",\"type\":" + JSONText.quoted(event.type)
        if let subject = event.subject { out += ",\"subject\":" + JSONText.quoted(subject) }
        out += ",\"time\":\"" + RFC3339.format(nanoseconds: event.time) + "\""
        out += ",\"wagondseq\":" + String(event.seq)
        out += ",\"datacontenttype\":\"application/json\",\"data\":"
        out += event.data
        out += "}"
    }
}

/// RFC 3339 UTC timestamps without Foundation.
public enum RFC3339 {
    /// `1_700_000_000_123_000_000` is `2023-11-14T22:13:20.123Z` (milliseconds).
    public static func format(nanoseconds: Int64) -> String {
        let seconds = nanoseconds >= 0 ? nanoseconds / 1_000_000_000 : (nanoseconds - 999_999_999) / 1_000_000_000
        let millis = Int((nanoseconds - seconds * 1_000_000_000) / 1_000_000)
        let days = seconds >= 0 ? seconds / 86_400 : (seconds - 86_399) / 86_400
        let secondOfDay = Int(seconds - days * 86_400)
        let (year, month, day) = civil(fromDays: days)
        return pad(Int(year), 4) + "-" + pad(month, 2) + "-" + pad(day, 2)
            + "T" + pad(secondOfDay / 3600, 2) + ":" + pad(secondOfDay / 60 % 60, 2) + ":" + pad(secondOfDay % 60, 2)
            + "." + pad(millis, 3) + "Z"
    }

    /// Days since 1970-01-01 to a proleptic Gregorian date (Howard Hinnant's algorithm).
    static func civil(fromDays days: Int64) -> (year: Int64, month: Int, day: Int) {
        let z = days + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let dayOfEra = z - era * 146_097
        let yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36524 - dayOfEra / 146_096) / 365
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
        let mp = (5 * dayOfYear + 2) / 153
        let day = Int(dayOfYear - (153 * mp + 2) / 5 + 1)
        let month = Int(mp < 10 ? mp + 3 : mp - 9)
        return (yearOfEra + era * 400 + (month <= 2 ? 1 : 0), month, day)
    }

    private static func pad(_ value: Int, _ width: Int) -> String {
        let digits = String(value)
        return digits.count >= width ? digits : String(repeating: "0", count: width - digits.count) + digits
    }
}
