import EventStore
import Foundation

/// Events as the outbox would hand them over, and what a subscriber reads back.
enum TestEvents {
    /// `count` events of a few kinds, ids `t<run>-<seq>`: trains on two points,
    /// a detector health event, a store event without a point.
    static func batch(_ count: Int, run: String = "t1", firstSeq: Int64 = 1) -> [StoredEvent] {
        let kinds: [(type: String, subject: String?, eventClass: EventClass)] = [
            ("org.wagond.train", "east", .train),
            ("org.wagond.train", "west", .train),
            ("org.wagond.health", "east", .health),
            ("org.wagond.store.dropped", nil, .health),
        ]
        return (0..<count).map { index in
            let seq = firstSeq + Int64(index)
            let kind = kinds[index % kinds.count]
            return StoredEvent(seq: seq, id: "\(run)-\(seq)", type: kind.type, subject: kind.subject,
                               time: 1_700_000_000_000_000_000 + seq * 1_000_000_000, eventClass: kind.eventClass,
                               data: #"{"axles":\#(seq * 4),"note":"wagon \#(seq)"}"#)
        }
    }

    /// The CloudEvents `id`s of the events among `messages`, in arrival order.
    static func ids(in messages: [TestSubscriber.Message]) -> [String] {
        messages.filter { !$0.topic.hasSuffix("/status") }.compactMap { JSON.object($0.payload)?["id"] as? String }
    }
}
