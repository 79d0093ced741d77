/// One operation at a time. An actor alone does not give that: at every
/// `await` (each SQLite call hops to the thread pool) another call may run,
/// and two transactions on one connection would interleave: "cannot start a
/// transaction within a transaction", or a read that sees rows a rollback
/// takes back. Every public operation passes this gate, first come first
/// served; the gate is handed from one caller to the next.
extension EventStore {
    func enter() async {
        if !gateBusy {
            gateBusy = true
            return
        }
        await withCheckedContinuation { gateWaiters.append($0) }
    }

    func leave() {
        if gateWaiters.isEmpty {
            gateBusy = false
        } else {
            gateWaiters.removeFirst().resume()
        }
    }
}
