/// Splits a train's axle positions into vehicles.
///
/// Each vehicle pattern is a template of gap ranges between its axles; the
/// split is the segmentation of the whole train that minimises the total cost
/// of every vehicle's gaps plus every coupling gap (dynamic programming over
/// axle indices). No single threshold decides: a 2.4 m gap is a coupling
/// between two tank wagons only because the gaps around it then form two good
/// bogie wagons. The runner-up split gives the confidence.
public struct ConsistClassifier: Sendable {
    public struct Result: Sendable, Hashable {
        public var vehicles: [VehicleReport]
        /// Total cost of the best split (0 = every gap inside its range).
        public var cost: Double
        /// How much worse the next best split is (`.infinity` if none).
        public var margin: Double
        public var confidence: Double
        public var isAmbiguous: Bool
        /// Some axles fit no pattern, or a vehicle fits badly.
        public var isUnusual: Bool
        /// Axles at the rear taken as a vehicle only partly over the point.
        public var partialTail = 0
    }

    /// A range of plausible gaps, with a soft quadratic penalty outside.
    struct GapRange: Sendable {
        var low: Double
        var high: Double
        var softness: Double

        func cost(_ gap: Double) -> Double {
            if gap < low { let d = (low - gap) / softness; return d * d }
            if gap > high { let d = (gap - high) / softness; return d * d }
            return 0
        }
    }

    struct Template: Sendable {
        var pattern: VehiclePattern
        var gaps: [GapRange]
        /// Gaps that should be equal (the same bogie design at both ends);
        /// each entry lists alternative pairings, the best one counts.
        var equalGaps: [[(Int, Int)]]
        /// A prior: rarer patterns must fit better to win.
        var prior: Double
        var axles: Int { gaps.count + 1 }
    }

    static let freightBogie = GapRange(low: 1.65, high: 2.1, softness: 0.08)
    static let coachBogie = GapRange(low: 2.3, high: 2.8, softness: 0.08)
    static let locomotiveBogie = GapRange(low: 2.2, high: 3.4, softness: 0.1)
    static let threeAxleBogie = GapRange(low: 1.4, high: 2.5, softness: 0.1)
    static let coupling = GapRange(low: 1.8, high: 8.5, softness: 0.4)
    /// Cost of leaving one axle outside any vehicle pattern.
    static let unmatchedAxleCost = 12.0
    /// Tolerance for two gaps that should be equal, metres.
    static let equalGapTolerance = 0.06

    static let templates: [Template] = [
        Template(pattern: .bogieWagon,
                 gaps: [freightBogie, GapRange(low: 3.0, high: 19.5, softness: 0.4), freightBogie],
                 equalGaps: [[(0, 2)]], prior: 0),
        Template(pattern: .coach,
                 gaps: [coachBogie, GapRange(low: 12.0, high: 19.5, softness: 0.4), coachBogie],
                 equalGaps: [[(0, 2)]], prior: 0.3),
        Template(pattern: .boBoLocomotive,
                 gaps: [locomotiveBogie, GapRange(low: 3.5, high: 11.5, softness: 0.4), locomotiveBogie],
                 equalGaps: [[(0, 2)]], prior: 0.8),
        Template(pattern: .coCoLocomotive,
                 gaps: [threeAxleBogie, threeAxleBogie, GapRange(low: 2.5, high: 14, softness: 0.4),
                        threeAxleBogie, threeAxleBogie],
                 equalGaps: [[(0, 4), (0, 3)], [(1, 3), (1, 4)]], prior: 0.3),
        Template(pattern: .twoAxleWagon,
                 gaps: [GapRange(low: 4.5, high: 10.5, softness: 0.4)],
                 equalGaps: [], prior: 0.4),
        Template(pattern: .unknown, gaps: [], equalGaps: [], prior: unmatchedAxleCost),
    ]

    /// Each template's axle count, for the search's inner loop.
    static let templateAxles = templates.map(\.axles)

    /// A template's equal-gap pairings in one flat list: the pairs of each
    /// group in turn, the last of a group marked. Read per start, the nested
    /// arrays cost a retain and release each.
    struct EqualPair: Sendable {
        var first: Int
        var second: Int
        var endsGroup: Bool
    }

    static let equalPairs: [[EqualPair]] = templates.map { template in
        template.equalGaps.flatMap { group in
            group.enumerated().map { EqualPair(first: $1.0, second: $1.1, endsGroup: $0 == group.count - 1) }
        }
    }

    public init() {}

    /// Cost of each rear axle left over as a partial vehicle, when the train
    /// may have stopped or turned with a vehicle across the point.
    static let partialAxleCost = 2.0
    /// A vehicle has at most this many axles, so a partial one at most one less.
    static let longestPartial = 5

    /// Classifies axles at `positions` (metres from the first axle, ascending).
    /// With `tailMayBePartial` (the train stood or turned on the point), a few
    /// rear axles may be left as a partial vehicle instead of forced into one.
    public func classify(_ positions: [Double], tailMayBePartial: Bool = false) -> Result {
        let n = positions.count
        guard n > 0 else {
            return Result(vehicles: [], cost: 0, margin: .infinity, confidence: 1, isAmbiguous: false, isUnusual: false)
        }
        // Filled in place: `map` appended element by element.
        let gaps = [Double](unsafeUninitializedCapacity: n - 1) { gaps, count in
            positions.withUnsafeBufferPointer { positions in
                for index in 0..<(n - 1) { gaps[index] = positions[index + 1] - positions[index] }
            }
            count = n - 1
        }
        let templates = Self.templates

        // own[t * n + start]: the cost of template t on the axles from
        // `start`, for every start, computed in one plain pass per template.
        let own = Self.templateCosts(gaps: gaps, axleCount: n)
        let joins = [Double](unsafeUninitializedCapacity: n - 1) { joins, count in
            gaps.withUnsafeBufferPointer { gaps in
                for index in 0..<(n - 1) { joins[index] = Self.coupling.cost(gaps[index]) }
            }
            count = n - 1
        }
        let axlesOf = Self.templateAxles

        // best[2i], best[2i+1]: the two cheapest splits of the first i axles.
        var best = [Step](repeating: Step.none, count: 2 * (n + 1))
        best[0] = Step(cost: 0, from: -1, rank: 0, template: -1)
        // Unchecked arithmetic on indices that are in range by construction,
        // and a 16-byte step: the inner loop runs for every axle and template.
        best.withUnsafeMutableBufferPointer { best in
            own.withUnsafeBufferPointer { own in
                joins.withUnsafeBufferPointer { joins in
                    axlesOf.withUnsafeBufferPointer { axlesOf in
                        for end in 1...n {
                            var first = Step.none
                            var second = Step.none
                            for t in 0..<axlesOf.count where axlesOf[t] <= end {
                                let start = end &- axlesOf[t]
                                let fit = own[t &* n &+ start]
                                if fit == .infinity { continue }
                                let add = fit + (start > 0 ? joins[start &- 1] : 0)
                                let cost = best[2 &* start].cost + add
                                if cost < first.cost {
                                    second = first
                                    first = Step(cost: cost, from: start, rank: 0, template: t)
                                } else if cost < second.cost {
                                    second = Step(cost: cost, from: start, rank: 0, template: t)
                                }
                                // The runner-up of `start` is never better than its best,
                                // so it can only be a runner-up here too.
                                let runnerUp = best[2 &* start &+ 1].cost + add
                                if runnerUp < second.cost {
                                    second = Step(cost: runnerUp, from: start, rank: 1, template: t)
                                }
                            }
                            best[2 &* end] = first
                            best[2 &* end &+ 1] = second
                        }
                    }
                }
            }
        }

        // Where the whole vehicles end: all axles, or fewer with a partial tail.
        var complete = n
        var total = best[2 * n].cost
        var runnerUp = best[2 * n + 1].cost
        if tailMayBePartial {
            for tail in 1...min(Self.longestPartial, n) {
                let cost = (tail < n ? best[2 * (n - tail)].cost : 0) + Double(tail) * Self.partialAxleCost
                if cost < total {
                    runnerUp = total
                    total = cost
                    complete = n - tail
                } else if cost < runnerUp {
                    runnerUp = cost
                }
            }
        }

        var vehicles: [VehicleReport] = []
        var worstVehicleCost = 0.0
        var end = complete
        var rank = 0
        while end > 0 {
            let step = best[2 * end + rank]
            let template = templates[step.template]
            let start = step.from
            worstVehicleCost = max(worstVehicleCost, own[step.template * n + start] - template.prior)
            vehicles.append(VehicleReport(pattern: template.pattern, firstAxle: start, axles: template.axles,
                                          axleSpan: positions[end - 1] - positions[start]))
            end = start
            rank = step.rank
        }
        vehicles.reverse()
        if complete < n {
            vehicles.append(VehicleReport(pattern: .unknown, firstAxle: complete, axles: n - complete,
                                          axleSpan: positions[n - 1] - positions[complete]))
        }

        let margin = runnerUp - total
        let fit = 1 / (1 + total / Double(max(vehicles.count, 1)))
        let clarity = margin.isFinite ? margin / (margin + 2) : 1
        return Result(vehicles: vehicles, cost: total, margin: margin, confidence: fit * clarity,
                      isAmbiguous: margin < 1.5,
                      isUnusual: vehicles[..<(complete < n ? vehicles.count - 1 : vehicles.count)].contains { $0.pattern == .unknown }
                          || worstVehicleCost > 3,
                      partialTail: n - complete)
    }

    private struct Step {
        static let none = Step(cost: .infinity, from: -1, rank: 0, template: -1)
        var cost: Double
        private var packedFrom: Int32
        private var packedRank: Int8
        private var packedTemplate: Int8
        var from: Int { Int(packedFrom) }
        var rank: Int { Int(packedRank) }
        var template: Int { Int(packedTemplate) }

        init(cost: Double, from: Int, rank: Int, template: Int) {
            self.cost = cost
            packedFrom = Int32(truncatingIfNeeded: from)
            packedRank = Int8(truncatingIfNeeded: rank)
            packedTemplate = Int8(truncatingIfNeeded: template)
        }
    }

    /// The cost of every template at every start (`.infinity` where it
    /// does not fit), as `costs[template * axleCount + start]`.
    // Through unsafe buffers, with the pairings flattened: the bounds
    // checks and the nested arrays were a third of its instructions.
    static func templateCosts(gaps: [Double], axleCount n: Int) -> [Double] {
        var costs = [Double](repeating: .infinity, count: templates.count * n)
        costs.withUnsafeMutableBufferPointer { costs in
            gaps.withUnsafeBufferPointer { gaps in
                for t in templates.indices where templates[t].axles <= n {
                    let template = templates[t]
                    // A template this bad loses to leaving its axles unmatched, so
                    // stop adding as soon as it gets there: most starts are
                    // hopeless for most templates.
                    let hopeless = unmatchedAxleCost * Double(template.axles) + 100
                    let prior = template.prior
                    let row = costs.baseAddress! + t * n
                    template.gaps.withUnsafeBufferPointer { ranges in
                        equalPairs[t].withUnsafeBufferPointer { pairs in
                            starts: for start in 0...(n - template.axles) {
                                var total = prior
                                for offset in 0..<ranges.count {
                                    total += ranges[offset].cost(gaps[start + offset])
                                    if total > hopeless { continue starts }
                                }
                                var cheapest = 9.0
                                for pair in pairs {
                                    let d = (gaps[start + pair.first] - gaps[start + pair.second]) / equalGapTolerance
                                    cheapest = min(cheapest, d * d)
                                    if pair.endsGroup {
                                        total += cheapest
                                        cheapest = 9.0
                                    }
                                }
                                row[start] = total
                            }
                        }
                    }
                }
            }
        }
        return costs
    }
}
