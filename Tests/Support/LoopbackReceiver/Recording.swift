/// One CloudEvent as the receiver accepted it.
public struct ReceivedEvent: Sendable, Equatable {
    public var id: String
    public var type: String
    public var source: String
    /// wagond's sequence extension attribute, if the event had one.
    public var wagondseq: Int64?
    /// The event's JSON object exactly as it was in the batch.
    public var raw: String

    public init(id: String, type: String, source: String, wagondseq: Int64?, raw: String) {
        self.id = id
        self.type = type
        self.source = source
        self.wagondseq = wagondseq
        self.raw = raw
    }
}

/// One HTTP request and what the receiver did with it.
public struct RecordedRequest: Sendable, Equatable {
    public var method: String
    public var path: String
    /// Every header, names lowercased, values in the order received.
    public var headers: [String: [String]]
    /// The body's size on the wire (before any gzip is undone).
    public var bodyBytes: Int
    /// The status answered; nil when the receiver hung or closed instead.
    public var status: Int?
    /// How many events of this request were recorded as accepted.
    public var acceptedEvents: Int

    /// The first value of header `name` (any case).
    public func header(_ name: String) -> String? { headers[name.lowercased()]?.first }
}

/// Everything the receiver has seen so far, as a value.
public struct ReceiverSnapshot: Sendable, Equatable {
    /// Accepted events in arrival order, repeats included.
    public var events: [ReceivedEvent] = []
    public var uniqueIDs: Set<String> = []
    /// Accepted events whose id had already been accepted before.
    public var duplicates = 0
    public var requests: [RecordedRequest] = []
}

/// The receiver's log; a plain value, kept behind the receiver's lock.
struct Recording {
    private(set) var snapshot = ReceiverSnapshot()

    mutating func record(_ request: RecordedRequest, accepted events: [ReceivedEvent]) {
        var request = request
        request.acceptedEvents = events.count
        snapshot.requests.append(request)
        for event in events {
            if !snapshot.uniqueIDs.insert(event.id).inserted { snapshot.duplicates += 1 }
        }
        snapshot.events += events
    }
}
