import WagonJSON

/// Reads a CloudEvents JSON batch (an array of structured events) the way a
/// strict collector would: the whole text must be valid JSON, every element
/// an object with string `specversion`, `id`, `source` and `type`, and no
/// member twice. Each event keeps its raw text for byte-exact checks.
public enum CloudEventsBatchReader {
    public static func events(in bytes: [UInt8]) throws(JSONError) -> [ReceivedEvent] {
        var reader = try JSONReader(bytes)
        try reader.expect(UInt8(ascii: "["))
        var events: [ReceivedEvent] = []
        if !reader.consume(UInt8(ascii: "]")) {
            repeat { events.append(try event(&reader)) } while reader.consume(UInt8(ascii: ","))
            try reader.expect(UInt8(ascii: "]"))
        }
        reader.skipWhitespace()
        guard reader.isAtEnd else { throw reader.error("text after the batch") }
        return events
    }

    private static func event(_ reader: inout JSONReader) throws(JSONError) -> ReceivedEvent {
        guard reader.peek() == UInt8(ascii: "{") else { throw reader.error("a batch element is not an object") }
        let start = reader.position
        try reader.expect(UInt8(ascii: "{"))
        var strings: [String: String] = [:]
        var seq: Int64?
        var names: Set<String> = []
        if !reader.consume(UInt8(ascii: "}")) {
            repeat {
                let name = try reader.readString()
                guard names.insert(name).inserted else { throw reader.error("member '\(name)' twice") }
                try reader.expect(UInt8(ascii: ":"))
                switch name {
                case "specversion", "id", "source", "type":
                    guard reader.peek() == UInt8(ascii: "\"") else { throw reader.error("'\(name)' is not a string") }
                    strings[name] = try reader.readString()
                case "wagondseq":
                    guard let value = Int64(try reader.readNumber()) else {
                        throw reader.error("'wagondseq' is not a 64-bit integer")
                    }
                    seq = value
                default:
                    try reader.skipValue(depth: 3)
                }
            } while reader.consume(UInt8(ascii: ","))
            try reader.expect(UInt8(ascii: "}"))
        }
        for required in ["specversion", "id", "source", "type"] where strings[required] == nil {
            throw reader.error("event without '\(required)'")
        }
        return ReceivedEvent(
            id: strings["id"]!, type: strings["type"]!, source: strings["source"]!, wagondseq: seq,
            raw: reader.text(from: start))
    }
}
