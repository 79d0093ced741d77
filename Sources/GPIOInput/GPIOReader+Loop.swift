import CGPIOShim
import WagonCore
#if canImport(Glibc)
import Glibc
#endif

extension GPIOReader {
    /// Where each line is, found afresh on every attach: a chip that comes
    /// back may have a new number.
    static func locate(_ lines: [DetectorLine], chip: String?) throws(GPIOError) -> [(chip: GPIOChip, offset: Int)] {
        var located: [(chip: GPIOChip, offset: Int)] = []
        for line in lines { located.append(try line.locate(defaultChip: chip)) }
        return located
    }

    func attach() throws(GPIOError) {
        try attach(Self.locate(lines, chip: chipSpec))
    }

    /// Requests the located lines for both edges: one request per chip
    /// (the kernel's requests are per chip), lines in their given order.
    func attach(_ located: [(chip: GPIOChip, offset: Int)]) throws(GPIOError) {
        var chips: [String] = []
        for place in located where !chips.contains(place.chip.name) { chips.append(place.chip.name) }
        var requests: [LineRequest] = []
        var fds: [[Int32]] = []
        for name in chips {
            let members = located.indices.filter { located[$0].chip.name == name }
            let chip = located[members[0]].chip
            let configs = members.map { index in
                cgpio_line_config(offset: UInt32(located[index].offset), active_low: lines[index].activeLow ? 1 : 0,
                                  bias: lines[index].bias.shim, debounce_us: UInt32(lines[index].debounceMicroseconds))
            }
            guard let handle = cgpio_request_lines(chip.handle, options.consumer, configs, configs.count,
                                                   options.realtimeClock ? 1 : 0) else {
                let names = members.map { "'\(lines[$0].channel)' (\(lines[$0].line))" }.joined(separator: ", ")
                let error = GPIOError.system("cannot request line\(members.count == 1 ? "" : "s") \(names) on \(chip.name)")
                for request in requests { cgpio_request_release(request.handle) }
                throw error
            }
            var lineFds = [Int32](repeating: -1, count: members.count)
            let count = Int(cgpio_request_fds(handle, &lineFds, lineFds.count))
            requests.append(LineRequest(handle: handle, lines: members, offsets: members.map { located[$0].offset }))
            fds.append(Array(lineFds.prefix(count)))
        }
        setRequests(requests, fds: fds)
    }

    /// Starts the reader thread, with SCHED_FIFO and locked memory when the
    /// process may have them (a warning says why not otherwise).
    public func start() {
        guard !isRunning else { return }
        if options.lockMemory {
            // With a finite memlock limit and no CAP_IPC_LOCK, mlockall(MCL_FUTURE)
            // succeeds but charges every later mapping to that limit: the next
            // thread's stack (this reader's, NIO's, SQLite's) then fails with
            // EAGAIN. Lock only when the limit cannot bite.
            var limit = rlimit()
            getrlimit(__rlimit_resource_t(8) /* RLIMIT_MEMLOCK */, &limit)
            if geteuid() != 0 && limit.rlim_cur != rlim_t.max /* RLIM_INFINITY */ {
                addWarning("not locking memory: the memlock limit is \(limit.rlim_cur / 1024) KiB and every later "
                    + "allocation would count against it; page faults may delay the reader. Set LimitMEMLOCK=infinity.")
            } else if mlockall(MCL_CURRENT | MCL_FUTURE | 4 /* MCL_ONFAULT */) != 0 {
                // MCL_ONFAULT: lock pages as they are touched, not every thread's
                // whole 8 MiB stack up front.
                addWarning("cannot lock memory (\(String(cString: strerror(errno)))); page faults may delay the reader. Grant CAP_IPC_LOCK.")
            }
        }
        setRunning(true)
        var attributes = pthread_attr_t()
        pthread_attr_init(&attributes)
        defer { pthread_attr_destroy(&attributes) }
        if let priority = options.realtimePriority {
            pthread_attr_setinheritsched(&attributes, Int32(PTHREAD_EXPLICIT_SCHED))
            pthread_attr_setschedpolicy(&attributes, SCHED_FIFO)
            var parameters = sched_param(sched_priority: priority)
            pthread_attr_setschedparam(&attributes, &parameters)
        }
        let context = Unmanaged.passRetained(self).toOpaque()
        var result = spawnReaderThread(&attributes, context)
        if result == EPERM, options.realtimePriority != nil {
            addWarning("cannot run the reader at real-time priority (Operation not permitted); running at normal priority. Grant CAP_SYS_NICE.")
            pthread_attr_setinheritsched(&attributes, Int32(PTHREAD_INHERIT_SCHED))
            result = spawnReaderThread(&attributes, context)
        }
        if result != 0 {
            Unmanaged<GPIOReader>.fromOpaque(context).release()
            setRunning(false)
            addWarning("cannot start the reader thread: \(String(cString: strerror(result)))")
        }
    }

    /// Stops the reader thread and waits for it.
    public func stop() {
        guard isRunning else { return }
        setRunning(false)
        handoff.kick()
        joinReaderThread()
    }

    /// The reader thread's loop. It sleeps in `poll` until a line has edges,
    /// the counting side wants a promise (`EdgeHandoff`), or the idle
    /// interval passes; it drains what came, then promises time.
    func run() {
        EdgeHandoff.makeTimersPreciseOnThisThread()
        while isRunning {
            guard hasRequest else {
                reattachAfterPause()
                continue
            }
            let ready = pollLines(timeout: handoff.pollTimeout(now: now()))
            let polledAt = now()
            if ready < 0 {
                if errno == EINTR { continue }
                detach()
                continue
            }
            var pushed = 0
            if ready > 0 {
                guard let count = drainReadyLines() else {
                    detach()
                    continue
                }
                pushed = count
            }
            handoff.polled(at: polledAt, pushed: pushed)
        }
    }

    private func reattachAfterPause() {
        handoff.waitForKick(timeout: options.reattachInterval)
        // Time stands still while the chip is away, but the counting side
        // still has its housekeeping to do.
        defer { handoff.doorbell.ring() }
        guard isRunning, (try? attach()) != nil else { return }
        countReattachment()
        // Whatever happened while the chip was away shows as level changes.
        resynchronise(at: now())
    }
}

/// The thread entry point: a C function, so it lives outside any actor.
private func readerThreadMain(_ context: UnsafeMutableRawPointer?) -> UnsafeMutableRawPointer? {
    let reader = Unmanaged<GPIOReader>.fromOpaque(context!).takeRetainedValue()
    reader.run()
    return nil
}

extension GPIOReader {
    fileprivate func spawnReaderThread(_ attributes: inout pthread_attr_t, _ context: UnsafeMutableRawPointer) -> Int32 {
        var thread = pthread_t()
        let result = pthread_create(&thread, &attributes, readerThreadMain, context)
        if result == 0 { setThread(thread) }
        return result
    }
}
