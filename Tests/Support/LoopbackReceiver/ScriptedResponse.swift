/// What the receiver does with one request.
public enum ScriptedResponse: Sendable, Equatable {
    /// Reads the batch strictly; records its events and answers 200 if it is
    /// well-formed, answers 400 (or 415, 405) and records nothing if not.
    case accept
    /// Answers `code` with an optional `Retry-After` and a text body; records no event.
    case status(Int, retryAfter: String? = nil, body: String = "")
    /// Never answers and keeps the connection open: the client has to time out.
    case hang
    /// Closes the connection without answering; records no event.
    case closeConnection
    /// Records the events like `.accept`, then closes without answering: a lost
    /// acknowledgement, after which a correct client sends the batch again.
    case acceptThenClose
}

/// Scripted responses first, one per request; then, at `failureRate`, a
/// random failure chosen from `failures`, otherwise `.accept`. Seeded, so a
/// benchmark run can be repeated.
struct ResponseScript {
    private var queue: [ScriptedResponse] = []
    private var nextIndex = 0
    private var failureRate = 0.0
    private var failures: [ScriptedResponse] = []
    private var generator = SplitMix64(seed: 0)

    mutating func append(_ responses: [ScriptedResponse]) {
        queue.removeFirst(nextIndex)
        nextIndex = 0
        queue += responses
    }

    mutating func setFailureRate(_ rate: Double, seed: UInt64, failures: [ScriptedResponse]) {
        precondition((0...1).contains(rate), "failure rate must be between 0 and 1")
        precondition(rate == 0 || !failures.isEmpty, "a failure rate needs at least one failure to inject")
        failureRate = rate
        self.failures = failures
        generator = SplitMix64(seed: seed)
    }

    var pending: Int { queue.count - nextIndex }

    mutating func next() -> ScriptedResponse {
        if nextIndex < queue.count {
            defer { nextIndex += 1 }
            return queue[nextIndex]
        }
        guard failureRate > 0, generator.nextUnitInterval() < failureRate else { return .accept }
        return failures[Int(generator.next() % UInt64(failures.count))]
    }
}
