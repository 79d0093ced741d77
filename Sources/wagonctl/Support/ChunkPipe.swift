import Dispatch
import Synchronization

/// A bounded queue between one producing thread and one consuming thread,
/// for large items (chunks of edges): the producer blocks when `depth` items
/// wait, the consumer when none does.
final class ChunkPipe<Item: Sendable>: Sendable {
    private let items = Mutex<[Item]>([])
    private let filled = DispatchSemaphore(value: 0)
    private let room: DispatchSemaphore

    init(depth: Int) {
        // Start at 0 and signal up: libdispatch traps when a semaphore is
        // freed below its starting value, which an abandoned pipe (replay
        // failing with chunks still queued) would be.
        room = DispatchSemaphore(value: 0)
        for _ in 0..<depth { room.signal() }
    }

    func put(_ item: consuming Item) {
        room.wait()
        items.withLock { [item] in $0.append(item) }
        filled.signal()
    }

    func take() -> Item {
        filled.wait()
        let item = items.withLock { $0.removeFirst() }
        room.signal()
        return item
    }
}
