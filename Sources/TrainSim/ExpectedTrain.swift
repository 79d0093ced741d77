import WagonCore

/// What a correct counter should report for one simulated train, computed
/// from the scenario's construction (geometry and motion), never by running
/// a counter. Field names follow `wagonctl replay --json`.
///
/// An axle *counts* when it starts on one side of the point's centre
/// (x = spacing/2) and ends on the other; `axles` is the net number, those
/// that ended beyond minus those that came back. A train whose passed axles
/// all backed out (`ReversalFinish.backOut`) has `axles == 0`: a counter may
/// report it with zero axles or not at all.
public struct ExpectedTrain: Sendable, Hashable {
    /// One vehicle of the train, front first.
    public struct VehicleSummary: Sendable, Hashable {
        public var type: String
        public var kind: VehicleType.Kind
        public var axles: Int
        /// Whether all its axles counted.
        public var passed: Bool
    }

    /// Net direction of the counted axles (the direction of travel when net zero).
    public var direction: TravelDirection
    public var axles: Int
    /// Vehicles whose axles all counted.
    public var vehicles: Int
    public var wagons: Int
    public var locomotives: Int
    /// Earliest and latest time at which a counted axle crossed the point's
    /// centre for the final time (for net-zero trains: first and last centre
    /// crossing of any axle).
    public var startNs: Nanoseconds
    public var endNs: Nanoseconds
    /// Mean of the speeds at which the counted axles crossed the centre for the
    /// final time (for net-zero trains: over all centre crossings), km/h.
    public var speedKmhAvg: Double
    /// Distance from the first to the last counted axle along the train, m.
    public var lengthM: Double
    /// In this order when present: `stopped` (speed 0 between the train's first
    /// and last edge), `reversed` (an axle made a complete passage backwards),
    /// `degraded_A` / `degraded_B` (that detector is dead).
    public var flags: [String]
    /// The sensor's noise and faults, `"none"` when clean.
    public var noise: String
    /// Every vehicle of the consist, front first, counted or not.
    public var consist: [VehicleSummary]

    init(passage: TrainPassage, consist: Consist, direction travel: TravelDirection, offset: Nanoseconds,
         sensor: SensorModel) {
        let centre = PointGeometry(sensor).centre
        let startedBefore = passage.initialPositions.map { $0 < centre }
        let endedBeyond = passage.finalPositions.map { $0 >= centre }
        let forward = consist.axleOffsets.indices.filter { startedBefore[$0] && endedBeyond[$0] }
        let backward = consist.axleOffsets.indices.filter { !startedBefore[$0] && !endedBeyond[$0] }
        let net = forward.count - backward.count
        let counted = net >= 0 ? forward : backward
        direction = net >= 0 ? travel : travel.opposite
        axles = abs(net)

        var summaries: [VehicleSummary] = []
        let countedSet = Set(counted)
        for vehicle in consist.vehicles {
            summaries.append(VehicleSummary(
                type: vehicle.type.name, kind: vehicle.kind, axles: vehicle.axles.count,
                passed: net != 0 && vehicle.axles.allSatisfy { countedSet.contains($0) }))
        }
        self.consist = summaries
        vehicles = summaries.count { $0.passed }
        locomotives = summaries.count { $0.passed && $0.kind == .locomotive }
        wagons = vehicles - locomotives

        var finals: [TrainPassage.CentreCrossing] = []
        if net != 0 {
            var last: [Int: TrainPassage.CentreCrossing] = [:]
            for crossing in passage.centreCrossings where countedSet.contains(crossing.axle) {
                last[crossing.axle] = crossing
            }
            finals = counted.compactMap { last[$0] }
            lengthM = consist.axleOffsets[counted.last!] - consist.axleOffsets[counted.first!]
        } else {
            finals = passage.centreCrossings
            lengthM = 0
        }
        let times = finals.map(\.time)
        let fallback = passage.edges.first?.time ?? 0
        startNs = offset + nanoseconds(times.min() ?? fallback)
        endNs = offset + nanoseconds(times.max() ?? fallback)
        speedKmhAvg = finals.isEmpty ? 0 : finals.reduce(0) { $0 + $1.speed } / Double(finals.count) * 3.6

        var flags: [String] = []
        if passage.stopped { flags.append("stopped") }
        if passage.reversed { flags.append("reversed") }
        if let fault = sensor.fault { flags.append("degraded_\(fault.side.letter)") }
        self.flags = flags
        noise = sensor.description
    }
}
