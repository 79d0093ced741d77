import EventStore
import Uplink

extension DeliveryOutcome {
    /// A batch's outcome from the broker's answers to its events (`topics`
    /// are theirs, in the same order).
    init(_ report: PublishReport, events: [StoredEvent], topics: [String]) {
        switch report {
        case .interrupted(let reason):
            self = .retry(after: nil, reason: reason)
        case .answered(let verdicts):
            self = Self.judging(verdicts, events: events, topics: topics)
        }
    }

    /// Any event that may still go through makes the whole batch a retry;
    /// otherwise any event refused for good makes it rejected (it goes to
    /// the dead letters whole, although the broker has the others);
    /// otherwise it is delivered.
    private static func judging(_ verdicts: [PublishVerdict], events: [StoredEvent], topics: [String]) -> Self {
        var failed: [(index: Int, reason: String)] = []
        var refused: [(index: Int, reason: String)] = []
        for (index, verdict) in verdicts.enumerated() {
            switch verdict {
            case .accepted: break
            case .failed(let reason): failed.append((index, reason))
            case .refused(let reason): refused.append((index, reason))
            }
        }
        func describe(_ list: [(index: Int, reason: String)], _ verb: String) -> String {
            let first = list[0]
            let more = list.count > 1 ? " (and \(list.count - 1) more of \(events.count))" : ""
            return "broker \(verb) event \(events[first.index].id) on \(topics[first.index]): \(first.reason)\(more)"
        }
        if !failed.isEmpty { return .retry(after: nil, reason: describe(failed, "did not take")) }
        if !refused.isEmpty { return .rejected(reason: describe(refused, "refused")) }
        return .delivered
    }
}
