import CGPIOShim
import Synchronization
import WagonCore
#if canImport(Glibc)
import Glibc
#endif

/// Settings of the real-time reader.
public struct GPIOReaderOptions: Sendable {
    /// Shown as the lines' consumer in `gpioinfo`.
    public var consumer = "wagond"
    public var ringCapacity = 1 << 16
    /// SCHED_FIFO priority for the reader thread; `nil` keeps normal
    /// priority. Just below the kernel's interrupt threads (50), which queue
    /// the edges their handlers stamped: one that is due preempts the reader,
    /// so the reader never promises time past an edge stamped but not yet
    /// queued because it held the CPU (a single-core board: BeagleBone Black).
    public var realtimePriority: Int32? = 49
    /// Lock the process's memory so the reader never waits on a page fault.
    public var lockMemory = true
    /// Ask for CLOCK_REALTIME timestamps (libgpiod v2 only).
    public var realtimeClock = false
    /// How often to try again when the chip has gone away, nanoseconds.
    public var reattachInterval: Nanoseconds = 1_000_000_000
    /// How long the kernel may take from stamping an edge to queueing it,
    /// nanoseconds: promises stay this far behind (`EdgeHandoff`).
    public var queueingAllowance: Nanoseconds = 250_000
    /// The longest the reader sleeps when nobody waits for a promise,
    /// nanoseconds: how often time moves on between trains.
    public var idlePollInterval: Nanoseconds = 100_000_000

    public init() {}
}

/// Counters the reader keeps; read from any thread.
public struct GPIOReaderStatus: Sendable, Hashable {
    public var edgesRead: Int
    /// Edges the kernel dropped, seen as gaps in v2 sequence numbers.
    public var edgesLostInKernel: Int
    /// Edges dropped because the ring to the core was full.
    public var edgesLostInRing: Int
    /// Level re-reads that found a line different from its last edge.
    public var resynchronisations: Int
    public var chipPresent: Bool
    public var reattachments: Int
}

/// Reads edges of the requested lines on a dedicated thread, as fast as the
/// kernel delivers them, into an `EdgeHandoff`'s ring, and promises time.
/// Nothing on its loop allocates, except possibly Swift's executor when the
/// doorbell wakes the counting task: once per wake, after the lines are
/// drained. The lines may sit on several chips: one kernel request per chip.
public final class GPIOReader: @unchecked Sendable {
    // @unchecked: the fields below the counters belong to the reader thread
    // once `start()` returned; other threads touch only the atomics and `handoff`.
    /// Edges, promises and wake-ups between the reader thread and the counting side.
    public let handoff: EdgeHandoff
    public var ring: EdgeRing { handoff.ring }
    /// The chip of lines that name none; `nil`: each is found by name.
    public let chipSpec: String?
    public let lines: [DetectorLine]
    public let options: GPIOReaderOptions
    /// Why the reader runs with less than it asked for (no SCHED_FIFO, no mlockall).
    public private(set) var warnings: [String] = []

    private let running = Atomic<Bool>(false)
    private let edgesRead = Atomic<Int>(0)
    private let kernelLost = Atomic<Int>(0)
    private let resyncs = Atomic<Int>(0)
    private let present = Atomic<Bool>(false)
    private let reattaches = Atomic<Int>(0)
    /// The kernel granted CLOCK_REALTIME stamps (set on each attach; read by
    /// `now()` from any thread, so not derived from `request`).
    private let realtimeStamps = Atomic<Bool>(false)

    private let detectors: [Detector]
    /// The current requests, one per chip (the reader thread's own: a chip
    /// that comes back may have a new number and number its lines anew).
    private var requests: [LineRequest] = []
    /// The requested lines' offsets and chips (`gpiochipN`) when the reader
    /// started, in the order of `lines` (fixed: other threads read them).
    public let offsets: [Int]
    public let chipNames: [String]
    private var pollfds: [pollfd] = []
    /// Which request, and which of its fds, each of `pollfds` is.
    private var pollTargets: [(request: Int, fd: Int)] = []
    private var lastLevel: [Bool]
    private var lastSeqno: [UInt64]
    private let buffer: UnsafeMutablePointer<cgpio_event>
    private static let bufferSize = 64
    private var batch: [Edge] = []
    /// When the levels were last re-read: an event up to then that repeats
    /// the level read is already accounted for.
    private var levelsReadAt = Nanoseconds.min
    private var thread = pthread_t()

    /// Finds the lines and requests them at once, so a bad line name or a
    /// busy line fails here, before anything runs. `chip` is for lines that
    /// name no chip of their own; without it they are found by name.
    public init(chip: String?, lines: [DetectorLine], channels: inout ChannelTable,
                options: GPIOReaderOptions = GPIOReaderOptions()) throws(GPIOError) {
        precondition(!lines.isEmpty, "a GPIO reader needs at least one line")
        var detectors: [Detector] = []
        for line in lines {
            guard let detector = channels.detector(forChannel: line.channel) else {
                throw GPIOError(.misconfigured, "'\(line.channel)' is not a channel name (A, B or <point>.A/<point>.B)")
            }
            detectors.append(detector)
        }
        self.chipSpec = chip
        self.lines = lines
        self.options = options
        self.detectors = detectors
        self.handoff = try EdgeHandoff(ringCapacity: options.ringCapacity, queueingAllowance: options.queueingAllowance,
                                       idlePollInterval: options.idlePollInterval)
        self.lastLevel = Array(repeating: false, count: lines.count)
        self.lastSeqno = Array(repeating: 0, count: lines.count)
        let located = try Self.locate(lines, chip: chip)
        self.offsets = located.map(\.offset)
        self.chipNames = located.map(\.chip.name)
        self.buffer = .allocate(capacity: Self.bufferSize)
        batch.reserveCapacity(Self.bufferSize * lines.count)
        // Stamp the starting levels before the request: every event the
        // kernel queues after it is later, so nothing goes back in time.
        let requested = now()
        try attach(located)
        // Lines already active (a train standing on the sensor) start occupied.
        resynchronise(at: requested)
    }

    deinit {
        stop()
        for request in requests { cgpio_request_release(request.handle) }
        buffer.deallocate()
    }

    public var status: GPIOReaderStatus {
        GPIOReaderStatus(edgesRead: edgesRead.load(ordering: .relaxed), edgesLostInKernel: kernelLost.load(ordering: .relaxed),
                         edgesLostInRing: ring.overflows, resynchronisations: resyncs.load(ordering: .relaxed),
                         chipPresent: present.load(ordering: .relaxed), reattachments: reattaches.load(ordering: .relaxed))
    }

    /// Every edge stamped before this time has been read into the ring: the
    /// counting side may tick its core up to it.
    public var safeTime: Nanoseconds { handoff.safeTime }

    /// The clock the edge timestamps use, for ticking the core.
    public func now() -> Nanoseconds {
        var ts = timespec()
        clock_gettime(realtimeStamps.load(ordering: .relaxed) ? CLOCK_REALTIME : CLOCK_MONOTONIC, &ts)
        return Nanoseconds(ts.tv_sec) * 1_000_000_000 + Nanoseconds(ts.tv_nsec)
    }
}

// MARK: - State the reader thread owns (and the setup before it starts)

extension GPIOReader {
    var isRunning: Bool { running.load(ordering: .acquiring) }
    func setRunning(_ value: Bool) { running.store(value, ordering: .releasing) }
    var hasRequest: Bool { !requests.isEmpty }
    func addWarning(_ warning: String) { warnings.append(warning) }
    func countReattachment() { reattaches.wrappingAdd(1, ordering: .relaxed) }
    func setThread(_ thread: pthread_t) { self.thread = thread }
    func joinReaderThread() { pthread_join(thread, nil) }

    /// `fds[i]` are the fds of `requests[i]`.
    func setRequests(_ new: [LineRequest], fds: [[Int32]]) {
        for old in requests { cgpio_request_release(old.handle) }
        requests = new
        // One kernel for all chips: they all grant the realtime clock or none does.
        realtimeStamps.store(new.allSatisfy { cgpio_request_realtime($0.handle) != 0 }, ordering: .relaxed)
        pollfds.removeAll()
        pollTargets.removeAll()
        for (request, list) in fds.enumerated() {
            for (fd, descriptor) in list.enumerated() {
                pollfds.append(pollfd(fd: descriptor, events: Int16(POLLIN), revents: 0))
                pollTargets.append((request, fd))
            }
        }
        // Last: the lines' entries keep the indices of `pollTargets`.
        pollfds.append(pollfd(fd: handoff.wakeFD, events: Int16(POLLIN), revents: 0))
        present.store(true, ordering: .relaxed)
    }

    /// A chip went away (unplugged): forget every request and retry later
    /// (the lines are requested again together, so none runs alone).
    func detach() {
        for request in requests { cgpio_request_release(request.handle) }
        requests.removeAll()
        pollfds.removeAll()
        pollTargets.removeAll()
        present.store(false, ordering: .relaxed)
    }

    /// Waits up to `timeout` ns for a line or a kick.
    func pollLines(timeout: Nanoseconds) -> Int32 {
        pollfds.withUnsafeMutableBufferPointer { cgpio_poll($0.baseAddress, $0.count, timeout) }
    }

    /// Reads every readable line dry and pushes the edges in time order.
    /// Returns how many it pushed; nil when the chip is gone.
    func drainReadyLines() -> Int? {
        guard !requests.isEmpty else { return nil }
        if pollfds[pollfds.count - 1].revents != 0 { handoff.clearKicks() }
        batch.removeAll(keepingCapacity: true)
        for index in pollTargets.indices where pollfds[index].revents != 0 {
            if pollfds[index].revents & Int16(POLLERR | POLLHUP | POLLNVAL) != 0 { return nil }
            let target = pollTargets[index]
            let handle = requests[target.request].handle
            while true {
                let count = cgpio_request_read(handle, target.fd, buffer, Self.bufferSize)
                if count < 0 {
                    if errno == EAGAIN || errno == EINTR { break }
                    return nil
                }
                if count == 0 { break }
                for event in UnsafeBufferPointer(start: buffer, count: Int(count)) { take(event, request: target.request) }
                if Int(count) < Self.bufferSize { break }
            }
        }
        // v1 reads each line on its own, and each chip is a request of its
        // own: merge them by kernel timestamp.
        if pollTargets.count > 1 { insertionSortByTime(&batch) }
        var overflowed = false
        for edge in batch where !ring.push(edge) { overflowed = true }
        edgesRead.wrappingAdd(batch.count, ordering: .relaxed)
        if overflowed { resynchronise(at: now()) }
        return batch.count
    }

    private func take(_ event: cgpio_event, request: Int) {
        guard let slot = requests[request].offsets.firstIndex(of: Int(event.offset)) else { return }
        let index = requests[request].lines[slot]
        if event.line_seqno != 0 {
            let expected = lastSeqno[index] + 1
            if lastSeqno[index] != 0, event.line_seqno > expected {
                kernelLost.wrappingAdd(Int(event.line_seqno - expected), ordering: .relaxed)
            }
            lastSeqno[index] = event.line_seqno
        }
        let occupied = event.rising != 0
        if occupied == lastLevel[index] && Nanoseconds(truncatingIfNeeded: event.timestamp_ns) <= levelsReadAt {
            return  // queued before the re-read that already gave this level
        }
        lastLevel[index] = occupied
        batch.append(Edge(time: Nanoseconds(truncatingIfNeeded: event.timestamp_ns), detector: detectors[index], occupied: occupied))
    }

    /// Re-reads the lines' levels; a line that differs from its last edge
    /// lost edges (v1 has no sequence numbers to tell): an edge at `time`
    /// puts the core right.
    func resynchronise(at time: Nanoseconds) {
        var levels: [(index: Int, occupied: Bool)] = []
        for request in requests {
            var values = [Int32](repeating: 0, count: request.lines.count)
            guard cgpio_request_get_values(request.handle, &values, values.count) == 0 else { continue }
            for (slot, index) in request.lines.enumerated() { levels.append((index, values[slot] != 0)) }
        }
        guard !levels.isEmpty else { return }
        levelsReadAt = now()
        for (index, occupied) in levels where occupied != lastLevel[index] {
            lastLevel[index] = occupied
            if ring.push(Edge(time: time, detector: detectors[index], occupied: occupied)) {
                resyncs.wrappingAdd(1, ordering: .relaxed)
            }
        }
    }
}

/// One kernel request: the lines of one chip.
struct LineRequest {
    var handle: OpaquePointer
    /// Indices into the reader's `lines`, and their offsets on the chip, in
    /// the order requested.
    var lines: [Int]
    var offsets: [Int]
}

/// Small batches, nearly sorted: insertion sort, stable, no allocation.
func insertionSortByTime(_ edges: inout [Edge]) {
    guard edges.count > 1 else { return }
    for index in 1..<edges.count {
        let edge = edges[index]
        var slot = index
        while slot > 0, edges[slot - 1].time > edge.time {
            edges[slot] = edges[slot - 1]
            slot -= 1
        }
        edges[slot] = edge
    }
}
