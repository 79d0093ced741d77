import Synchronization
import WagonCore

/// A bounded, lock-free single-producer/single-consumer queue of edges: the
/// real-time reader thread pushes, the counting side pops. Neither side
/// blocks or allocates. A push into a full ring drops the edge and counts it
/// (`overflows`); it is never silent.
public final class EdgeRing: Sendable {
    // Safe to share: a slot belongs to the producer until `head` passes it
    // (release/acquire) and to the consumer until `tail` passes it back.
    nonisolated(unsafe) private let storage: UnsafeMutablePointer<Edge>
    private let mask: Int
    /// Next slot to write; written only by the producer.
    private let head = Atomic<Int>(0)
    /// Next slot to read; written only by the consumer.
    private let tail = Atomic<Int>(0)
    private let dropped = Atomic<Int>(0)

    /// `capacity` is rounded up to a power of two.
    public init(capacity: Int) {
        precondition(capacity > 0, "an edge ring needs room for at least one edge")
        var size = 1
        while size < capacity { size <<= 1 }
        storage = .allocate(capacity: size)
        mask = size - 1
    }

    deinit {
        storage.deallocate()
    }

    public var capacity: Int { mask + 1 }

    /// Edges dropped because the ring was full.
    public var overflows: Int { dropped.load(ordering: .relaxed) }

    /// Producer only. Returns false (and counts it) when the ring is full.
    @discardableResult
    public func push(_ edge: Edge) -> Bool {
        let write = head.load(ordering: .relaxed)
        let read = tail.load(ordering: .acquiring)
        guard write - read <= mask else {
            dropped.wrappingAdd(1, ordering: .relaxed)
            return false
        }
        (storage + (write & mask)).initialize(to: edge)
        head.store(write + 1, ordering: .releasing)
        return true
    }

    /// Consumer only. Appends up to `maxCount` edges; returns how many.
    public func pop(into edges: inout [Edge], maxCount: Int) -> Int {
        let read = tail.load(ordering: .relaxed)
        let write = head.load(ordering: .acquiring)
        let count = min(write - read, maxCount)
        for index in read..<(read + count) {
            edges.append(storage[index & mask])
        }
        tail.store(read + count, ordering: .releasing)
        return count
    }

    /// Consumer only: pops like `pop(into:maxCount:)` and says up to when
    /// the consumer may let time pass. `promise` is the producer's "every
    /// edge stamped before this is pushed", made after pushing: read before
    /// the pop, every edge it covers is in the pop; read after, edges pushed
    /// in between would be older than the time the core moves to.
    public func pop(into edges: inout [Edge], maxCount: Int,
                    promise: () -> Nanoseconds) -> (count: Int, safeTime: Nanoseconds) {
        let promised = promise()
        let first = edges.count
        let count = pop(into: &edges, maxCount: maxCount)
        // Cut short: the edges left may be older than the promise.
        if count == maxCount, pending > 0 {
            return (count, count > 0 ? min(promised, edges[first + count - 1].time) : .min)
        }
        return (count, promised)
    }

    /// Consumer only: edges waiting.
    public var pending: Int {
        head.load(ordering: .acquiring) - tail.load(ordering: .relaxed)
    }
}
