import Testing
import WagonCore

/// The event's layout is part of the core's speed (docs/performance.md,
/// pitfall 16): a size of 16·k + 1 bytes (whole 16-byte moves and the tag)
/// is copied without the overlapping move that stalled every axle event.
@Test func anEventIsCopiedInWhole16ByteMoves() {
    #expect(MemoryLayout<WagonEvent>.size % 16 == 1)
    #expect(MemoryLayout<AxlePassage>.size <= MemoryLayout<TrainReport>.size)
}
