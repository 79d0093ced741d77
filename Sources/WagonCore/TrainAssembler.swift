/// Groups one counting point's axle passages into trains.
///
/// A train opens at its first axle and closes once no detector has changed for
/// the idle time. Counting is net: the counted axles form a stack in passage
/// order; a passage against the train's direction is the last counted axle
/// backing out (shunting), so it is popped, and kept aside with its spacing so
/// that when it comes again it is neither counted twice nor misplaced.
struct TrainAssembler: Sendable {
    /// A counted axle and its distance behind the axle counted before it.
    private struct AxleRecord: Sendable {
        var passage: AxlePassage
        var spacing: Double
    }

    private struct OpenTrain: Sendable {
        var number: Int
        var direction: Direction?
        var counted: [AxleRecord] = []
        var backedOut: [AxleRecord] = []
        var lastActivity: Nanoseconds
        /// The idle time after the last axle's speed, worked out once per axle.
        var idle: Nanoseconds
        var flags: TrainFlags = []
    }

    /// No two consecutive axles of one train are further apart than this.
    static let longestAxleGap = 25.0
    /// Typical braking and starting rate, m/s², for a stop between axles.
    static let typicalAcceleration = 0.3

    private let point: Int
    private var closing: TrainClosingSettings
    private let classifier = ConsistClassifier()
    private var train: OpenTrain?
    private(set) var trainsStarted = 0
    /// The stacks of the last closed train, emptied: the next train appends
    /// into their storage instead of growing new arrays axle by axle (the
    /// regrowth and its copies were 8% of clean-sensor instructions).
    private var spareCounted: [AxleRecord] = []
    private var spareBackedOut: [AxleRecord] = []

    init(point: Int, settings: CountingPointSettings) {
        self.point = point
        self.closing = settings.closing
    }

    var isOpen: Bool { train != nil }

    /// New closing times (a configuration reload), for the next train.
    mutating func adopt(_ settings: CountingPointSettings) {
        closing = settings.closing
    }

    /// When the open train closes if nothing else happens. A train that may
    /// be standing with a wheel between the zones gets the longest idle time.
    @inline(__always) func closingDeadline(wheelMayBeStanding: Bool) -> Nanoseconds? {
        // Read the fields through `train?`: binding the whole open train
        // copied it, and the next axle then copied its stacks to append.
        guard let lastActivity = train?.lastActivity, let idle = train?.idle else { return nil }
        // Wrapping: a time in `Edge.timeRange` plus an idle time within
        // `CountingPointSettings.longestDuration` cannot overflow.
        return lastActivity &+ (wheelMayBeStanding ? closing.maximumIdle : idle)
    }

    mutating func observeActivity(at time: Nanoseconds) {
        train?.lastActivity = time
    }

    /// Flags raised while no train is open, for the wheel in progress.
    private var carried: TrainFlags = []

    mutating func flag(_ flags: TrainFlags) {
        if train == nil { carried.formUnion(flags) } else { train?.flags.formUnion(flags) }
    }

    /// The point is quiet with no train: nothing carried belongs to a train.
    mutating func dropCarriedFlags() {
        carried = []
    }

    mutating func add(_ passage: AxlePassage, into events: inout [WagonEvent]) {
        if train == nil {
            trainsStarted += 1
            train = OpenTrain(number: trainsStarted, direction: passage.direction,
                              counted: spareCounted, backedOut: spareBackedOut,
                              lastActivity: passage.decidedAt, idle: closing.idleTimeout(afterSpeed: passage.speed),
                              flags: carried)
            // The open train holds the only reference again, so appends stay in place.
            spareCounted = []
            spareBackedOut = []
            carried = []
            events.append(.trainStarted(TrainStart(point: point, number: trainsStarted,
                                          time: passage.time, direction: passage.direction)))
        }
        guard train != nil else { return }
        // In place (`train!`), so the stacks are never copied.
        Self.count(passage, in: &train!, closing: closing)
    }

    /// Static, so that nothing else of `self` is borrowed while the open
    /// train is mutated in place (a method made the compiler copy `self`,
    /// and with it the stacks, on every axle).
    private static func count(_ passage: AxlePassage, in open: inout OpenTrain, closing: TrainClosingSettings) {
        open.idle = closing.idleTimeout(afterSpeed: passage.speed)
        open.lastActivity = max(open.lastActivity, passage.decidedAt)
        if passage.stoppedOnPoint { open.flags.insert(.stopped) }

        let backwards = passage.direction != nil && open.direction != nil && passage.direction != open.direction
        if backwards, let last = open.counted.popLast() {
            open.backedOut.append(last)
            open.flags.formUnion([.reversed, .stopped])
        } else {
            if backwards {
                // Nothing left to back out: the net direction turns.
                open.direction = passage.direction
                open.backedOut.removeAll()
            }
            if open.direction == nil { open.direction = passage.direction }
            let spacing: Double
            if let remembered = open.backedOut.popLast() {
                spacing = remembered.spacing
            } else if let previous = open.counted.last {
                spacing = distance(from: previous.passage, to: passage, flags: &open.flags)
            } else {
                spacing = 0
            }
            open.counted.append(AxleRecord(passage: passage, spacing: spacing))
        }
    }

    /// How far the train moved between two wheels crossing the point: the
    /// motion between them is taken as constant acceleration (exact for
    /// steady speed, accelerating and braking); a gap longer than any real
    /// axle spacing means the train stood still with no wheel on the point.
    private static func distance(from previous: AxlePassage, to next: AxlePassage, flags: inout TrainFlags) -> Double {
        let from = previous.departure
        let to = next.arrival
        let seconds = Double(to.time - from.time) / 1e9
        var moved = (from.speed + to.speed) / 2 * seconds
        if moved > Self.longestAxleGap {
            let stop = (from.speed * from.speed + to.speed * to.speed) / (2 * Self.typicalAcceleration)
            moved = min(stop, Self.longestAxleGap)
            flags.formUnion([.stopped, .positionsUncertain])
        }
        return max(0, moved + from.offset - to.offset)
    }

    /// Closes the open train and reports it.
    mutating func close(interrupted: Bool, into events: inout [WagonEvent]) {
        // Taken, not copied: the stacks stay uniquely referenced for reuse.
        guard var open = train.take() else { return }
        defer {
            swap(&spareCounted, &open.counted)
            swap(&spareBackedOut, &open.backedOut)
            spareCounted.removeAll(keepingCapacity: true)
            spareBackedOut.removeAll(keepingCapacity: true)
        }
        var flags = open.flags
        if interrupted { flags.insert(.interrupted) }
        if flags.contains(.rocking) { flags.insert(.stopped) }

        var position = 0.0
        var speedSum = 0.0
        var speedMin = Double.infinity
        var speedMax = 0.0
        // Filled in place: appending checked the array's uniqueness per axle.
        let positions = [Double](unsafeUninitializedCapacity: open.counted.count) { positions, filled in
            open.counted.withUnsafeBufferPointer { counted in
                for (index, record) in counted.enumerated() {
                    if index > 0 { position += record.spacing }
                    positions.initializeElement(at: index, to: position)
                    let kmh = record.passage.speed * 3.6
                    speedSum += kmh
                    speedMin = min(speedMin, kmh)
                    speedMax = max(speedMax, kmh)
                    if record.passage.direction == nil { flags.insert(.speedEstimated) }
                }
            }
            filled = open.counted.count
        }
        // A train that turned or stood across the point may end in a vehicle
        // only partly over it.
        let consist = classifier.classify(positions, tailMayBePartial: !flags.isDisjoint(with: [.reversed, .interrupted]))
        if consist.partialTail > 0 { flags.insert(.partialVehicle) }
        if consist.isAmbiguous { flags.insert(.consistAmbiguous) }
        if consist.isUnusual { flags.insert(.consistUnusual) }
        if open.direction == nil { flags.insert(.directionUnknown) }

        let count = open.counted.count
        events.append(.trainCompleted(TrainReport(
            point: point, number: open.number, direction: open.direction ?? .ab, axles: count,
            vehicles: consist.vehicles.filter { $0.pattern != .unknown },
            start: open.counted.first?.passage.time ?? open.lastActivity,
            end: open.counted.last?.passage.time ?? open.lastActivity,
            speedAverage: count > 0 ? speedSum / Double(count) : 0,
            speedMinimum: count > 0 ? speedMin : 0, speedMaximum: speedMax,
            length: position, axlePositions: positions,
            confidence: consist.confidence, flags: flags)))
    }
}
