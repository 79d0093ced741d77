import WagonCore

/// A fixed raw buffer of edges that a reader fills on its hot path and
/// appends to the caller's array in one go.
final class EdgeScratch {
    let base: UnsafeMutablePointer<Edge>
    let capacity: Int

    init(capacity: Int) {
        self.capacity = capacity
        base = .allocate(capacity: capacity)
    }

    deinit { base.deallocate() }
}
