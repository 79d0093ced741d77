import Synchronization

/// Wakes one waiting task from any thread: the GPIO reader rings it when it
/// has pushed edges or kept the promise the counting side asked for, so the
/// counting side sleeps until there is work instead of polling.
///
/// A ring with nobody waiting is kept, so a ring between the consumer's last
/// look at the ring buffer and its `wait()` is never lost; a kept ring makes
/// the next wait return at once (at worst one empty turn).
public final class Doorbell: Sendable {
    private struct State: ~Copyable {
        var rung = false
        var waiter: UnsafeContinuation<Void, Never>?
    }

    private let state = Mutex(State())

    public init() {}

    /// Any thread. Never blocks beyond a short lock; the woken task runs on
    /// its own executor, not on the ringing thread.
    public func ring() {
        let waiter = state.withLock { state -> UnsafeContinuation<Void, Never>? in
            guard let waiter = state.waiter else {
                state.rung = true
                return nil
            }
            state.waiter = nil
            return waiter
        }
        waiter?.resume()
    }

    /// Returns at the next ring (or at once if one came since the last
    /// wait), or when the task is cancelled. One waiter at a time.
    public func wait() async {
        await withTaskCancellationHandler {
            await withUnsafeContinuation { (continuation: UnsafeContinuation<Void, Never>) in
                let ringNow = state.withLock { state -> Bool in
                    precondition(state.waiter == nil, "a doorbell has one waiter at a time")
                    if state.rung {
                        state.rung = false
                        return true
                    }
                    state.waiter = continuation
                    return false
                }
                if ringNow { continuation.resume() }
            }
        } onCancel: {
            ring()
        }
    }
}
