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
        room = DispatchSemaphore(value: depth)
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
