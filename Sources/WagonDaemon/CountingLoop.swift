import EventStore
import Logging
import PulseLog
import PulseRecorder
import WagonCore

/// One turn of the live loop, without I/O of its own: read what the source
/// has, count it, advance the core to the source's promise, map the core's
/// events for the outbox and keep the tallies for the status. The service
/// around it does the storing, sleeping and watchdog.
struct CountingLoop {
    private let box: SourceBox
    private var counter: WagonCounter
    private var mapper: EventMapper
    /// Reloaded settings waiting for their point to be quiet, by point name.
    private var staged: [String: CountingPointSettings] = [:]
    private let observer: (any CountingObserver)?
    private var edges: [Edge] = []
    private var coreEvents: [WagonEvent] = []
    private(set) var events: [NewEvent] = []
    /// Trains completed since `takeCompletedTrains`, for the log.
    private(set) var completedTrains: [(point: String, summary: TrainSummary)] = []
    private var tally = Tally()
    /// Every edge, before the core sees it; nil when not configured.
    private var recorder: PulseRecorder?
    private var recorderFailing = false
    private let logger: Logger
    /// A source on another clock (kernel monotonic) is moved onto Unix time
    /// with the offset of the moment counting started: one fixed offset, so
    /// the core's time never jumps, and recorded logs carry real times.
    /// Reports add any change of the offset since (an NTP step after boot).
    private let sessionOffset: Nanoseconds

    /// What happened since the status was last updated.
    private struct Tally {
        var edges = 0
        var lastEdgeTime: Nanoseconds?
        var trainsOpened: [Int] = []
        var completed: [(point: Int, summary: TrainSummary, axles: Int)] = []
        var health: [(point: Int, side: Side, state: String, time: Nanoseconds)] = []
    }

    init(source: SourceBox, settings: [PointSettings], recorder: RecorderSettings?,
         observer: (any CountingObserver)? = nil, logger: Logger) {
        box = source
        self.observer = observer
        self.logger = logger
        sessionOffset = source.source.timesAreWallClock ? 0 : Clocks.monotonicToWallOffset()
        let channels = source.source.channels
        var pointSettings: [String: CountingPointSettings] = [:]
        var names: [String: [Direction: String]] = [:]
        for point in settings {
            pointSettings[point.name] = point.counting
            names[point.name] = point.directionNames
        }
        counter = WagonCounter(defaultSettings: settings.first?.counting ?? CountingPointSettings(),
                               pointSettings: pointSettings, channels: channels)
        mapper = EventMapper(channels: channels, directionNames: names)
        if let recorder {
            let metadata = PulseLogMetadata(
                version: PulseLogMetadata.currentVersion, sensorSpacing: settings.first?.counting.sensorSpacing,
                entries: settings.map { ("point.\($0.name).sensor_spacing_m", String($0.counting.sensorSpacing)) })
            do {
                self.recorder = try PulseRecorder(settings: recorder, channels: channels, metadata: metadata)
            } catch {
                logger.error("the pulse recorder cannot start; counting goes on without it",
                             metadata: ["error": "\(error)"])
            }
        }
    }

    /// Reads and counts what is waiting; returns how many edges it read.
    mutating func step() throws -> Int {
        edges.removeAll(keepingCapacity: true)
        _ = try box.source.readEdges(into: &edges, maxCount: 4096)
        if sessionOffset != 0 {
            for index in edges.indices { edges[index].time += sessionOffset }
        }
        record()
        if !edges.isEmpty {
            counter.process(edges)
            tally.edges += edges.count
            tally.lastEdgeTime = edges[edges.count - 1].time
        }
        counter.advance(to: box.source.safeTime + sessionOffset)
        collect()
        if !staged.isEmpty { adoptStaged() }
        return edges.count
    }

    /// Sleeps until the source has edges, or time reaches the core's next
    /// deadline (the last wheel of a train is decided then, with no edge
    /// after it), or `timeout` passes.
    func waitForWork(timeout: Duration) async {
        let deadline = counter.nextDeadline.map { $0 - sessionOffset }
        await box.source.waitForEdges(orPromise: deadline, timeout: timeout)
    }

    /// Reloaded settings: direction names apply to the next report; the
    /// counting settings wait until their point is quiet (between trains),
    /// so no train is judged by two sets of rules.
    mutating func stage(_ points: [PointSettings]) {
        for point in points {
            mapper.directionNames[point.name] = point.directionNames
            staged[point.name] = point.counting
        }
        adoptStaged()
    }

    private mutating func adoptStaged() {
        for (name, settings) in staged where counter.adopt(settings, forPoint: name) {
            staged[name] = nil
            logger.notice("new counting settings in force", metadata: ["point": "\(name)"])
        }
    }

    /// Points whose reloaded settings still wait for a train to pass.
    var pointsWaitingForSettings: [String] { staged.keys.sorted() }

    /// The recorder keeps what the disk refuses and retries on later calls;
    /// a failure is logged once per episode, and counting never waits for it.
    private mutating func record() {
        guard let recorder else { return }
        do {
            if edges.isEmpty {
                try recorder.tick(wallClock: Clocks.realtime())
            } else {
                try recorder.record(edges, wallClock: Clocks.realtime())
            }
            if recorderFailing {
                recorderFailing = false
                logger.notice("the pulse recorder writes again")
            }
        } catch {
            if !recorderFailing {
                recorderFailing = true
                logger.error("the pulse recorder cannot write", metadata: ["error": "\(error)"])
            }
        }
    }

    /// Ends the recorder's current file (compressed), at shutdown.
    mutating func closeRecorder() {
        do { try recorder?.close() } catch {
            logger.error("the pulse recorder could not close its file", metadata: ["error": "\(error)"])
        }
        recorder = nil
    }

    /// Closes what is open (a train still over the point is flagged interrupted).
    mutating func finish() {
        edges.removeAll(keepingCapacity: true)
        counter.finish(interruptingOpenTrains: true)
        collect()
    }

    mutating func takeCompletedTrains() -> [(point: String, summary: TrainSummary)] {
        defer { completedTrains.removeAll() }
        return completedTrains
    }

    mutating func takeEvents() -> [NewEvent] {
        defer { events.removeAll(keepingCapacity: true) }
        return events
    }

    private mutating func collect() {
        counter.takeEvents(into: &coreEvents)
        if let observer, !edges.isEmpty || !coreEvents.isEmpty {
            observer.counted(edges: edges, events: coreEvents, channels: mapper.channels)
        }
        guard !coreEvents.isEmpty else { return }
        let offset = box.source.timesAreWallClock ? 0 : Clocks.monotonicToWallOffset() - sessionOffset
        for event in coreEvents {
            if let mapped = mapper.map(event, wallOffset: offset) { events.append(mapped) }
            note(event, wallOffset: offset)
        }
        coreEvents.removeAll(keepingCapacity: true)
    }

    private mutating func note(_ event: WagonEvent, wallOffset: Nanoseconds) {
        switch event {
        case .trainStarted(let start):
            tally.trainsOpened.append(start.point)
        case .trainCompleted(let report):
            let point = mapper.channels.pointName(report.point)
            let summary = TrainSummary(
                end: report.end + wallOffset, direction: report.direction.rawValue,
                directionName: mapper.directionNames[point]?[report.direction],
                axles: report.axles, wagons: report.wagons, locomotives: report.locomotives,
                speedKmh: report.speedAverage, flags: report.flags.names)
            tally.completed.append((report.point, summary, report.axles))
            completedTrains.append((point, summary))
        case .health(let health):
            tally.health.append((health.detector.point, health.detector.side, health.name, health.time + wallOffset))
        case .axle:
            break
        }
    }

    /// Moves the tallies into the shared status.
    mutating func apply(to snapshot: inout DaemonStatus.Snapshot) {
        snapshot.edges += tally.edges
        if let time = tally.lastEdgeTime { snapshot.lastEdgeTime = time }
        for point in tally.trainsOpened where snapshot.points.indices.contains(point) {
            snapshot.points[point].trainOpen = true
        }
        for (point, summary, axles) in tally.completed where snapshot.points.indices.contains(point) {
            var status = snapshot.points[point]
            let day = Clocks.localDay(of: summary.end)
            if day != status.today {
                status.today = day
                status.trainsToday = 0
            }
            status.trainsToday += 1
            status.trainsTotal += 1
            status.axlesTotal += axles
            status.lastTrain = summary
            status.trainOpen = false
            snapshot.points[point] = status
        }
        for (point, side, state, time) in tally.health where snapshot.points.indices.contains(point) {
            let newState = state == "detector_recovered" ? "ok" : state
            if side == .a {
                snapshot.points[point].detectorA.state = newState
                snapshot.points[point].detectorA.since = time
                if newState != "ok" { snapshot.points[point].detectorA.problems += 1 }
            } else {
                snapshot.points[point].detectorB.state = newState
                snapshot.points[point].detectorB.since = time
                if newState != "ok" { snapshot.points[point].detectorB.problems += 1 }
            }
        }
        tally = Tally()
    }
}

/// The one-line `STATUS=` systemd shows in `systemctl status wagond`.
enum StatusLine {
    static func text(_ snapshot: DaemonStatus.Snapshot) -> String {
        let trains = snapshot.points.map { "\($0.name): \($0.trainsToday) trains today" }.joined(separator: ", ")
        var text = trains + "; \(snapshot.edges) edges"
        if let alarm = snapshot.storeAlarm { text += "; STORE ALARM: " + alarm }
        return text
    }
}
