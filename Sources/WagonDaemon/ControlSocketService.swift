import EventStore
import Logging
import ServiceLifecycle
import Synchronization
import WagonControl
#if canImport(Glibc)
import Glibc
#endif

/// The control socket (`wagonctl status`, `wagonctl events`): a Unix stream
/// socket speaking the WagonControl protocol, one JSON request per line.
///
/// Plain POSIX sockets, all non-blocking, polled from one task: the loop
/// never blocks a thread of the cooperative pool, and answers come from the
/// shared status, the outbox's statistics and the kernel's clock state.
/// At most `maxClients` connections at once (a further one is told `busy`
/// and closed); a request line longer than 64 KiB is answered `too_long` and
/// the connection closed; a connection that neither sends a request nor
/// takes its answer for `idleTimeout` is closed.
///
/// The socket file gets mode 0660 and the process's user and group: under
/// systemd, `User=wagond`, `Group=wagond` and `RuntimeDirectory=wagond` make
/// it `/run/wagond/control.sock`, `wagond:wagond 0660`, so members of the
/// `wagond` group may run `wagonctl status`. A stale socket left by a crash
/// is replaced at start; the file is removed at graceful shutdown.
public struct ControlSocketService: Service {
    public let path: String
    let status: DaemonStatus
    let store: EventStore
    let logger: Logger
    let clock: @Sendable () -> StatusResponse.Clock
    let daemonVersion: String
    let flush: (@Sendable () async -> [String])?
    let maxClients: Int
    let idleTimeout: Duration
    /// How long the loop sleeps when no socket is ready: the longest a
    /// request waits before it is read.
    let pollInterval: Duration

    /// - Parameters:
    ///   - clock: reads the clock's synchronisation (the kernel's, by default).
    ///   - flush: asks the uplinks to deliver now and returns their names;
    ///     without it, `flush` is answered `not_supported`.
    public init(path: String = ControlProtocol.defaultSocketPath, status: DaemonStatus, store: EventStore,
                logger: Logger, clock: @escaping @Sendable () -> StatusResponse.Clock = KernelClock.read,
                daemonVersion: String = DaemonVersion.current, flush: (@Sendable () async -> [String])? = nil,
                maxClients: Int = 16, idleTimeout: Duration = .seconds(60), pollInterval: Duration = .milliseconds(20)) {
        precondition(maxClients > 0, "the control socket must admit at least one client")
        self.path = path
        self.status = status
        self.store = store
        self.logger = logger
        self.clock = clock
        self.daemonVersion = daemonVersion
        self.flush = flush
        self.maxClients = maxClients
        self.idleTimeout = idleTimeout
        self.pollInterval = pollInterval
    }

    /// Serves until graceful shutdown or cancellation, then closes every
    /// connection and removes the socket file. Throws (after logging it) if
    /// the socket cannot be opened.
    public func run() async throws {
        let listener: ControlListener
        do {
            listener = try ControlListener(path: path)
        } catch {
            logger.error("\(error)")
            throw error
        }
        logger.info("control socket listening", metadata: ["path": "\(path)"])
        let stopRequested = Atomic<Bool>(false)
        await withGracefulShutdownHandler {
            await serve(listener, until: stopRequested)
        } onGracefulShutdown: {
            stopRequested.store(true, ordering: .releasing)
        }
        listener.close()
        logger.info("control socket closed", metadata: ["path": "\(path)"])
    }

    private func serve(_ listener: ControlListener, until stopRequested: borrowing Atomic<Bool>) async {
        var sessions: [ControlSession] = []
        var descriptors: [pollfd] = []
        defer { for session in sessions { close(session.descriptor) } }

        while !stopRequested.load(ordering: .acquiring) && !Task.isCancelled {
            descriptors.removeAll(keepingCapacity: true)
            descriptors.append(pollfd(fd: listener.descriptor, events: Int16(POLLIN), revents: 0))
            for session in sessions {
                let events = (session.wantsInput ? POLLIN : 0) | (session.hasOutput ? POLLOUT : 0)
                descriptors.append(pollfd(fd: session.descriptor, events: Int16(events), revents: 0))
            }
            let ready = poll(&descriptors, nfds_t(descriptors.count), 0)
            let now = ContinuousClock.now
            if ready <= 0 {
                removeFinished(&sessions, now: now)
                do { try await Task.sleep(for: pollInterval) } catch { return }
                continue
            }
            for index in sessions.indices {
                let revents = descriptors[index + 1].revents
                if revents & Int16(POLLIN | POLLHUP | POLLERR) != 0 && sessions[index].wantsInput {
                    read(&sessions[index], now: now)
                }
                if revents & Int16(POLLOUT) != 0 { send(&sessions[index], now: now) }
            }
            for index in sessions.indices {
                await answerWaitingRequests(&sessions[index], now: now)
            }
            removeFinished(&sessions, now: now)
            // After the closed connections are gone, so their places are free.
            if descriptors[0].revents & Int16(POLLIN) != 0 { accept(from: listener, into: &sessions, now: now) }
        }
    }

    /// Closes the connections that are done, and those that neither sent a
    /// request nor took an answer for `idleTimeout`.
    private func removeFinished(_ sessions: inout [ControlSession], now: ContinuousClock.Instant) {
        sessions.removeAll { session in
            let done = session.isFinished || now - session.lastActivity > idleTimeout
            if done { close(session.descriptor) }
            return done
        }
    }

    private func accept(from listener: ControlListener, into sessions: inout [ControlSession],
                        now: ContinuousClock.Instant) {
        while let client = listener.accept() {
            guard sessions.count < maxClients else {
                // A small line fits in an empty socket buffer; no waiting for it.
                var refusal = ControlSession(descriptor: client, now: now)
                refusal.queue(ControlResponse.failure(ControlError(
                    .busy, "wagond serves \(maxClients) control connections at once; try again")).json)
                send(&refusal, now: now)
                close(client)
                logger.warning("control socket busy: a connection was refused", metadata: ["clients": "\(sessions.count)"])
                // Look at the open connections again before refusing more:
                // some may have closed meanwhile.
                return
            }
            sessions.append(ControlSession(descriptor: client, now: now))
        }
    }

    private func read(_ session: inout ControlSession, now: ContinuousClock.Instant) {
        var chunk = [UInt8](repeating: 0, count: 16 * 1024)
        while session.wantsInput {
            let count = chunk.withUnsafeMutableBytes { recv(session.descriptor, $0.baseAddress, $0.count, 0) }
            if count > 0 {
                session.received(chunk[..<count], now: now)
                continue
            }
            if count < 0 && errno == EINTR { continue }
            if count < 0 && (errno == EAGAIN || errno == EWOULDBLOCK) { return }
            session.receivedEnd()
            return
        }
    }

    private func send(_ session: inout ControlSession, now: ContinuousClock.Instant) {
        let descriptor = session.descriptor
        let ok = session.flush(now: now) { bytes in
            while true {
                let written = Glibc.send(descriptor, bytes.baseAddress, bytes.count,
                                         Int32(MSG_NOSIGNAL) | Int32(MSG_DONTWAIT))
                if written >= 0 { return written }
                if errno == EINTR { continue }
                return errno == EAGAIN || errno == EWOULDBLOCK ? 0 : nil
            }
        }
        // The client went away: nothing more to say to it.
        if !ok { session.fail() }
    }

    private func answerWaitingRequests(_ session: inout ControlSession, now: ContinuousClock.Instant) async {
        while let next = session.next() {
            switch next {
            case .tooLong:
                session.queue(ControlResponse.failure(ControlError(
                    .tooLong, "a request line longer than \(ControlProtocol.maxRequestBytes) bytes")).json)
            case .request(let line):
                session.queue(await answer(line).json)
            }
            send(&session, now: now)
        }
    }

    /// The answer to one request line.
    func answer(_ line: [UInt8]) async -> ControlResponse {
        let request: ControlRequest
        do {
            request = try ControlRequest(json: line)
        } catch {
            return .failure(error)
        }
        switch request {
        case .status:
            let stats = await store.stats()
            return .status(ControlAnswers.status(status.snapshot, store: stats, clock: clock(),
                                                 daemonVersion: daemonVersion, now: Clocks.realtime()))
        case .events(let since, let limit):
            let limit = limit ?? ControlProtocol.defaultEventsLimit
            do {
                let stored = try await store.newestEvents(
                    ofType: EventMapper.trainType, in: .train, since: since, limit: limit + 1)
                return .events(ControlAnswers.events(stored, limit: limit))
            } catch {
                logger.warning("control socket: cannot read the outbox", metadata: ["error": "\(error)"])
                return .failure(ControlError(.failed, "cannot read the outbox: \(error)"))
            }
        case .flush:
            guard let flush else {
                return .failure(ControlError(.notSupported, "this wagond cannot flush its uplinks on request yet"))
            }
            return .flush(FlushResponse(uplinks: await flush()))
        }
    }
}

/// wagond's version, as `wagonctl status` shows it.
public enum DaemonVersion {
    public static let current = "0.1.0"
}
