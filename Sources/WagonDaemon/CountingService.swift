import EventStore
import Logging
import PulseRecorder
import ServiceLifecycle
import Synchronization
import WagonCore

/// The daemon's heart: reads edges from the live source, counts them with the
/// core, and puts every report in the outbox before taking more. It also
/// feeds the systemd watchdog, so a hung core — not merely a live process —
/// gets the service restarted. On shutdown it closes the open train (flagged
/// `interrupted`) and stores it before returning.
public final class CountingService: Service {
    private let source: SourceBox
    private let settings: [PointSettings]
    private let recorder: RecorderSettings?
    private let store: EventStore
    private let status: DaemonStatus
    private let notifier: SystemdNotifier
    private let observer: (any CountingObserver)?
    /// Counting settings from SIGHUP, applied between trains.
    private let reloads: PendingPointSettings?
    private let logger: Logger

    public init(source: some LiveEdgeSource & Sendable, settings: [PointSettings], recorder: RecorderSettings?,
                store: EventStore,
                status: DaemonStatus, notifier: SystemdNotifier, observer: (any CountingObserver)? = nil,
                reloads: PendingPointSettings? = nil, logger: Logger) {
        self.source = SourceBox(source)
        self.settings = settings
        self.recorder = recorder
        self.store = store
        self.status = status
        self.notifier = notifier
        self.observer = observer
        self.reloads = reloads
        self.logger = logger
    }

    public func run() async throws {
        let stopRequested = Atomic<Bool>(false)
        try await withGracefulShutdownHandler {
            try await countUntilStopped(stopRequested)
        } onGracefulShutdown: {
            stopRequested.store(true, ordering: .releasing)
        }
    }

    private func countUntilStopped(_ stopRequested: borrowing Atomic<Bool>) async throws {
        var loop = CountingLoop(source: source, settings: settings, recorder: recorder, observer: observer,
                                logger: logger)
        var lastWatchdog = ContinuousClock.now
        var lastStatus = ContinuousClock.now
        var lastRetry = ContinuousClock.now
        logger.info("counting", metadata: ["points": "\(settings.map(\.name).joined(separator: ","))"])

        while !stopRequested.load(ordering: .acquiring) {
            if let reloaded = reloads?.take(), !reloaded.isEmpty {
                loop.stage(reloaded)
                let waiting = loop.pointsWaitingForSettings
                if !waiting.isEmpty {
                    logger.notice("new counting settings wait for the train to pass",
                                  metadata: ["points": "\(waiting.joined(separator: ","))"])
                }
            }
            let read = try loop.step()
            if !loop.events.isEmpty { await store(loop.takeEvents()) }
            logTrains(loop.takeCompletedTrains())
            status.update { loop.apply(to: &$0) }
            observer?.edgesCounted(read)

            let now = ContinuousClock.now
            if let interval = notifier.watchdogInterval, now - lastWatchdog >= interval {
                notifier.watchdog()
                lastWatchdog = now
            }
            // Held events reach the disk even when no new ones come.
            if now - lastRetry >= .seconds(1), status.snapshot.eventsHeld > 0 {
                await retryHeldEvents()
                lastRetry = now
            }
            if now - lastStatus >= .seconds(5) {
                notifier.status(StatusLine.text(status.snapshot))
                lastStatus = now
            }
            // Asleep until there is work: edges, or the core's next deadline
            // (GPIO: the reader wakes this task). The timeout bounds the
            // housekeeping above and the reaction to a shutdown.
            if read == 0 { await loop.waitForWork(timeout: .milliseconds(100)) }
        }

        notifier.stopping(status: "closing the open train")
        loop.finish()
        await store(loop.takeEvents())
        logTrains(loop.takeCompletedTrains())
        status.update { loop.apply(to: &$0) }
        loop.closeRecorder()
        logger.info("counting stopped", metadata: ["edges": "\(status.snapshot.edges)"])
    }

    private func logTrains(_ trains: [(point: String, summary: TrainSummary)]) {
        for (point, train) in trains {
            var text = "train at \(point): \(train.direction)"
            if let name = train.directionName { text += " (\(name))" }
            text += ", \(train.axles) axles, \(train.wagons) wagon\(train.wagons == 1 ? "" : "s"), \(train.locomotives) locomotive\(train.locomotives == 1 ? "" : "s"), "
            text += "\(Int(train.speedKmh.rounded())) km/h"
            if !train.flags.isEmpty { text += " [" + train.flags.joined(separator: ",") + "]" }
            logger.notice("\(text)")
        }
    }

    private func retryHeldEvents() async {
        let receipt = await store.flushPending()
        status.update { Self.note(receipt, in: &$0) }
    }

    /// What the store's answer says about events held in memory (disk full).
    private static func note(_ receipt: AppendReceipt, in snapshot: inout DaemonStatus.Snapshot) {
        if case .held(let count, let reason) = receipt {
            snapshot.eventsHeld = count
            snapshot.storeAlarm = reason
        } else {
            snapshot.eventsHeld = 0
            snapshot.storeAlarm = nil
        }
    }

    /// Appends to the outbox; returns once the events are durable or, if the
    /// disk refuses them, held (the store raised the alarm).
    private func store(_ events: [NewEvent]) async {
        guard !events.isEmpty else { return }
        let started = ContinuousClock.now
        let receipt = await store.append(events)
        let took = ContinuousClock.now - started
        status.update { snapshot in
            snapshot.eventsStored += events.count
            Self.note(receipt, in: &snapshot)
        }
        observer?.eventsStored(events)
        observer?.outboxAppended(events.count, receipt: receipt, duration: took)
    }
}

/// Hooks for what watches the counting loop (metrics, the recorder's tests).
/// Called on the counting task, between turns: keep them short.
public protocol CountingObserver: Sendable {
    func edgesCounted(_ count: Int)
    func eventsStored(_ events: [NewEvent])
    /// One turn of the loop: the edges it read (empty when the core only
    /// advanced or finished) and every event the core produced, axles
    /// included, before mapping; `channels` names the points.
    func counted(edges: [Edge], events: [WagonEvent], channels: ChannelTable)
    /// One append to the outbox: how many events, what became of them, how long it took.
    func outboxAppended(_ count: Int, receipt: AppendReceipt, duration: Duration)
}

extension CountingObserver {
    public func counted(edges: [Edge], events: [WagonEvent], channels: ChannelTable) {}
    public func outboxAppended(_ count: Int, receipt: AppendReceipt, duration: Duration) {}
}

/// The live source, owned by the counting task alone: `@unchecked` because
/// sources are mutable structs read from one task; the box only carries one
/// across the service's construction.
final class SourceBox: @unchecked Sendable {
    var source: any LiveEdgeSource
    init(_ source: any LiveEdgeSource) { self.source = source }
}
