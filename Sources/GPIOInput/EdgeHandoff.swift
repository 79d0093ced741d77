import CGPIOShim
import Synchronization
import WagonCore
#if canImport(Glibc)
import Glibc
#endif

/// The live path from a real-time producer thread (the GPIO reader) to the
/// counting task, and the rules both sides keep:
///
/// - the producer pushes edges into `ring` and then promises time: "every
///   edge stamped before T is in the ring" (`polled(at:pushed:)`);
/// - the consumer says which promise it waits for (`wantPromise`: the core's
///   next deadline, when the last wheel of a train is decided) and sleeps on
///   the doorbell (`waitForEdges`);
/// - the producer wakes in time to give that promise (`pollTimeout`, kicked
///   through `wakeFD` when a wish needs an earlier wake), and rings the
///   doorbell when it pushed edges or kept the wish.
///
/// So the counting side neither polls nor sleeps past a deadline. The
/// producer's calls take no lock but the doorbell's, and allocate nothing.
public final class EdgeHandoff: Sendable {
    public let ring: EdgeRing
    public let doorbell = Doorbell()
    /// How long the kernel may take from stamping an edge to queueing it for
    /// the reader (its interrupt thread runs after the stamp). Promises stay
    /// this far behind the producer's clock. An edge later than that arrives
    /// older than a promise: the core clamps it and reports
    /// `time_went_backwards`, so it is never silent.
    public let queueingAllowance: Nanoseconds
    /// The longest the producer sleeps when nobody waits for a promise: how
    /// often time moves on between trains.
    public let idlePollInterval: Nanoseconds
    /// An eventfd for the producer's poll set: a kick wakes the producer.
    public let wakeFD: Int32

    private let promised = Atomic<Int64>(.min)
    /// The promise the consumer waits for; `.max`: none.
    private let wish = Atomic<Int64>(.max)
    /// When the producer's current poll times out at the latest; `.min`
    /// between polls (the next poll reads any new wish itself).
    private let pollEndsBy = Atomic<Int64>(.min)

    public init(ringCapacity: Int, queueingAllowance: Nanoseconds = 250_000,
                idlePollInterval: Nanoseconds = 100_000_000) throws(GPIOError) {
        precondition(queueingAllowance >= 0 && idlePollInterval > 0, "the handoff's intervals must be positive")
        let fd = cgpio_wake_create()
        guard fd >= 0 else { throw GPIOError.system("cannot create the reader's wake-up eventfd") }
        wakeFD = fd
        ring = EdgeRing(capacity: ringCapacity)
        self.queueingAllowance = queueingAllowance
        self.idlePollInterval = idlePollInterval
    }

    deinit { close(wakeFD) }

    // MARK: Producer

    /// Call on the producer's thread: its poll timeouts then fire on time,
    /// not up to 50 µs late (the timer slack of a thread that is not
    /// real-time), or the promise a wheel waits for is late by as much.
    public static func makeTimersPreciseOnThisThread() {
        _ = cgpio_precise_timers()
    }

    /// How long the producer may sleep from `now` (its clock): until the
    /// wished promise can be given (its time plus the allowance), at most
    /// `idlePollInterval`. The poll's end is published before the wish is
    /// read, so a wish made meanwhile sees it and kicks.
    public func pollTimeout(now: Nanoseconds) -> Nanoseconds {
        pollEndsBy.store(now + idlePollInterval, ordering: .sequentiallyConsistent)
        let wanted = wish.load(ordering: .sequentiallyConsistent)
        guard wanted != .max else { return idlePollInterval }
        // Saturating: a wish near `.max` means "not soon", not an overflow.
        let due = wanted > .max - queueingAllowance ? .max : wanted + queueingAllowance
        let timeout = min(idlePollInterval, max(0, due - now))
        pollEndsBy.store(now + timeout, ordering: .sequentiallyConsistent)
        return timeout
    }

    /// After a poll that returned at `polledAt` and a drain of everything
    /// queued: every edge stamped before `polledAt - queueingAllowance` was
    /// queued by `polledAt`, so it is in the ring now. Rings the doorbell if
    /// edges came or the wish is kept.
    public func polled(at polledAt: Nanoseconds, pushed: Int) {
        pollEndsBy.store(.min, ordering: .sequentiallyConsistent)
        let promise = max(promised.load(ordering: .relaxed), polledAt - queueingAllowance)
        promised.store(promise, ordering: .sequentiallyConsistent)
        let wanted = wish.load(ordering: .sequentiallyConsistent)
        let kept = wanted != .max && promise >= wanted
        // Cleared so the next poll does not wake at once again; a newer wish stays.
        if kept { _ = wish.compareExchange(expected: wanted, desired: .max, ordering: .sequentiallyConsistent) }
        if pushed > 0 || kept { doorbell.ring() }
    }

    /// Sleeps up to `timeout` for a kick alone (a producer with no lines to
    /// poll: a chip that is away, a benchmark's schedule).
    public func waitForKick(timeout: Nanoseconds) {
        var wake = pollfd(fd: wakeFD, events: Int16(POLLIN), revents: 0)
        if cgpio_poll(&wake, 1, timeout) > 0 { clearKicks() }
    }

    /// Empties `wakeFD` after a poll saw it readable.
    public func clearKicks() {
        var count: UInt64 = 0
        _ = read(wakeFD, &count, 8)
    }

    // MARK: Consumer

    /// Every edge stamped before this is in the ring (or was popped).
    // Sequentially consistent, like the wish: a consumer that wishes and then
    // looks sees the promise, or the producer sees the wish.
    public var safeTime: Nanoseconds { promised.load(ordering: .sequentiallyConsistent) }

    /// Pops up to `maxCount` edges and says up to when the consumer may let
    /// time pass (see `EdgeRing.pop(into:maxCount:promise:)`).
    public func pop(into edges: inout [Edge], maxCount: Int) -> (count: Int, safeTime: Nanoseconds) {
        ring.pop(into: &edges, maxCount: maxCount) { safeTime }
    }

    /// Asks for a promise up to `deadline` (the producer's clock) as soon as
    /// it can be given; the doorbell rings when it is. Replaces any earlier wish.
    public func wantPromise(upTo deadline: Nanoseconds) {
        wish.store(deadline, ordering: .sequentiallyConsistent)
        // The producer publishes its wake time before it reads the wish: if
        // it read the old wish, this load sees a wake time too late and kicks.
        if deadline < .max - queueingAllowance,
           pollEndsBy.load(ordering: .sequentiallyConsistent) > deadline + queueingAllowance {
            kick()
        }
    }

    /// Sleeps until edges wait, or the promise reaches `deadline` or `limit`
    /// (both the producer's clock), whichever comes first. May return early
    /// (a ring kept from before): the caller looks and waits again.
    public func waitForEdges(orPromise deadline: Nanoseconds?, by limit: Nanoseconds) async {
        let wanted = min(deadline ?? .max, limit)
        if ring.pending > 0 || safeTime >= wanted { return }
        wantPromise(upTo: wanted)
        // The producer may have passed the wish before it could see it.
        if safeTime >= wanted { return }
        await doorbell.wait()
    }

    /// Wakes the producer from its poll.
    public func kick() {
        var one: UInt64 = 1
        _ = write(wakeFD, &one, 8)
    }
}
