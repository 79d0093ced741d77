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

    /// A template as the search costs it: its ranges read out of `templates`
    /// once, by shape, so that the inner loop reads no arrays and runs no
    /// loops of its own.
    protocol Shape: Sendable {
        static var axles: Int { get }
        /// Its index in `templates`.
        var template: Int { get }
        var prior: Double { get }
        /// Adds the cost of each gap from `start` to `costing` (from the
        /// prior) and returns the fit with the equal-gap penalties added, or
        /// nil once `costing` gives up.
        func fit(at start: Int, gaps: UnsafeBufferPointer<Double>, costing: inout Costing) -> Double?
    }

    /// One axle that fits no pattern: its prior, always.
    struct Unmatched: Shape {
        static var axles: Int { 1 }
        var template: Int
        var prior: Double

        @inline(__always)
        func fit(at start: Int, gaps: UnsafeBufferPointer<Double>, costing: inout Costing) -> Double? { costing.total }
    }

    /// Two single axles: one gap.
    struct OneGap: Shape {
        static var axles: Int { 2 }
        var template: Int
        var prior: Double
        var gap: GapRange

        @inline(__always)
        func fit(at start: Int, gaps: UnsafeBufferPointer<Double>, costing: inout Costing) -> Double? {
            costing.add(gap.cost(gaps[start])) ? costing.total : nil
        }
    }

    /// Two 2-axle bogies: gaps `first`, `body`, `last`; the bogies'
    /// wheelbases (the first and last gap) should be equal.
    struct TwoBogies: Shape {
        static var axles: Int { 4 }
        var template: Int
        var prior: Double
        var first: GapRange
        var body: GapRange
        var last: GapRange

        @inline(__always)
        func fit(at start: Int, gaps: UnsafeBufferPointer<Double>, costing: inout Costing) -> Double? {
            guard costing.add(first.cost(gaps[start])),
                  costing.add(body.cost(gaps[start &+ 1])),
                  costing.add(last.cost(gaps[start &+ 2])) else { return nil }
            return costing.total + unequal(gaps[start], gaps[start &+ 2], atMost: 9)
        }
    }

    /// Two 3-axle bogies: five gaps; the front bogie's first gap should
    /// equal one of the rear bogie's, and so should its second.
    struct TwoThreeAxleBogies: Shape {
        static var axles: Int { 6 }
        var template: Int
        var prior: Double
        var ranges: (GapRange, GapRange, GapRange, GapRange, GapRange)

        // Not `@inline(__always)`: the compiler left that a call (10
        // instructions per edge).
        @_transparent
        func fit(at start: Int, gaps: UnsafeBufferPointer<Double>, costing: inout Costing) -> Double? {
            guard costing.add(ranges.0.cost(gaps[start])),
                  costing.add(ranges.1.cost(gaps[start &+ 1])),
                  costing.add(ranges.2.cost(gaps[start &+ 2])),
                  costing.add(ranges.3.cost(gaps[start &+ 3])),
                  costing.add(ranges.4.cost(gaps[start &+ 4])) else { return nil }
            // Each pairing group's alternatives in the order `templates` lists them.
            let first = unequal(gaps[start], gaps[start &+ 3], atMost: unequal(gaps[start], gaps[start &+ 4], atMost: 9))
            let second = unequal(gaps[start &+ 1], gaps[start &+ 4],
                                 atMost: unequal(gaps[start &+ 1], gaps[start &+ 3], atMost: 9))
            return costing.total + first + second
        }
    }

    /// The penalty of two gaps that should be equal, at most `notEqual`.
    @inline(__always)
    static func unequal(_ a: Double, _ b: Double, atMost notEqual: Double) -> Double {
        let d = (a - b) / equalGapTolerance
        return min(notEqual, d * d)
    }

    /// Every template by its shape; `init` checks that the shapes are what
    /// `templates` says.
    struct Shapes: Sendable {
        var unmatched: Unmatched
        var twoAxle: OneGap
        var bogieWagon: TwoBogies
        var boBo: TwoBogies
        var coach: TwoBogies
        var coCo: TwoThreeAxleBogies

        init() {
            func index(_ pattern: VehiclePattern) -> Int { templates.firstIndex { $0.pattern == pattern }! }
            func pairs(_ template: Template) -> [[[Int]]] { template.equalGaps.map { $0.map { [$0.0, $0.1] } } }
            func twoBogies(_ pattern: VehiclePattern) -> TwoBogies {
                let template = templates[index(pattern)]
                precondition(template.gaps.count == 3 && pairs(template) == [[[0, 2]]])
                return TwoBogies(template: index(pattern), prior: template.prior,
                                 first: template.gaps[0], body: template.gaps[1], last: template.gaps[2])
            }
            precondition(templates.count == 6)
            let unmatched = templates[index(.unknown)]
            precondition(unmatched.gaps.isEmpty)
            self.unmatched = Unmatched(template: index(.unknown), prior: unmatched.prior)
            let twoAxle = templates[index(.twoAxleWagon)]
            precondition(twoAxle.gaps.count == 1 && twoAxle.equalGaps.isEmpty)
            self.twoAxle = OneGap(template: index(.twoAxleWagon), prior: twoAxle.prior, gap: twoAxle.gaps[0])
            bogieWagon = twoBogies(.bogieWagon)
            boBo = twoBogies(.boBoLocomotive)
            coach = twoBogies(.coach)
            let coCo = templates[index(.coCoLocomotive)]
            precondition(coCo.gaps.count == 5 && pairs(coCo) == [[[0, 4], [0, 3]], [[1, 3], [1, 4]]])
            self.coCo = TwoThreeAxleBogies(template: index(.coCoLocomotive), prior: coCo.prior,
                                           ranges: (coCo.gaps[0], coCo.gaps[1], coCo.gaps[2], coCo.gaps[3], coCo.gaps[4]))
        }
    }

    static let shapes = Shapes()

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
        // joins[i]: the cost of a coupling before axle i (none before the first).
        let joins = [Double](unsafeUninitializedCapacity: n) { joins, count in
            joins[0] = 0
            gaps.withUnsafeBufferPointer { gaps in
                for index in 1..<n { joins[index] = Self.coupling.cost(gaps[index - 1]) }
            }
            count = n
        }
        let best = Self.search(gaps: gaps, joins: joins, axleCount: n)

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

        // The vehicles, walked from the back: counted first, then written in
        // place (appending regrew the array, and it had to be reversed).
        var wholeVehicles = 0
        var end = complete
        while end > 0 {
            wholeVehicles += 1
            end = best[2 * end].from
        }
        let templates = Self.templates
        var someVehicleFitsBadly = false
        let vehicleCount = wholeVehicles + (complete < n ? 1 : 0)
        let vehicles = [VehicleReport](unsafeUninitializedCapacity: vehicleCount) { vehicles, count in
            var end = complete
            for index in (0..<wholeVehicles).reversed() {
                let step = best[2 * end]
                let template = templates[step.template]
                let start = step.from
                someVehicleFitsBadly = someVehicleFitsBadly || step.fitsBadly
                vehicles.initializeElement(at: index, to: VehicleReport(
                    pattern: template.pattern, firstAxle: start, axles: template.axles,
                    axleSpan: positions[end - 1] - positions[start]))
                end = start
            }
            if complete < n {
                vehicles.initializeElement(at: wholeVehicles, to: VehicleReport(
                    pattern: .unknown, firstAxle: complete, axles: n - complete,
                    axleSpan: positions[n - 1] - positions[complete]))
            }
            count = vehicleCount
        }

        let margin = runnerUp - total
        let fit = 1 / (1 + total / Double(max(vehicles.count, 1)))
        let clarity = margin.isFinite ? margin / (margin + 2) : 1
        return Result(vehicles: vehicles, cost: total, margin: margin, confidence: fit * clarity,
                      isAmbiguous: margin < 1.5,
                      isUnusual: vehicles[..<(complete < n ? vehicles.count - 1 : vehicles.count)].contains { $0.pattern == .unknown }
                          || someVehicleFitsBadly,
                      partialTail: n - complete)
    }

    /// One split of the first axles: its cost, and for the cheapest, where
    /// its last vehicle starts, which template it is and whether it fits
    /// badly (kept here: working the vehicle's fit out again for the report
    /// cost more than this).
    struct Step {
        static let none = Step(cost: .infinity, from: -1, template: -1, fitsBadly: false)
        var cost: Double
        private var packedFrom: Int32
        private var packedTemplate: Int8
        /// The vehicle's own cost less its prior is over `badFit`.
        private(set) var fitsBadly: Bool
        var from: Int { Int(packedFrom) }
        var template: Int { Int(packedTemplate) }

        init(cost: Double, from: Int, template: Int, fitsBadly: Bool) {
            self.cost = cost
            packedFrom = Int32(truncatingIfNeeded: from)
            packedTemplate = Int8(truncatingIfNeeded: template)
            self.fitsBadly = fitsBadly
        }
    }

    /// A vehicle whose gaps cost more than this makes the train unusual.
    static let badFit = 3.0

    /// The dynamic programming over ends: `best[2i]` is the cheapest split
    /// of the first i axles, `best[2i + 1]` the cost of the second cheapest
    /// (only its cost is kept: no split is traced back through it).
    ///
    /// A split's runner-up is never cheaper than its best, so the second
    /// cheapest at an end is the second smallest of all the candidates there
    /// (each template's best and runner-up continued), whatever the order
    /// they are tried in; a tie for the cheapest goes to the template listed
    /// first in `templates`. So the templates that always or mostly fit are
    /// tried first, and a template whose candidate already costs more than
    /// the second cheapest found so far stops being costed: it cannot change
    /// either.
    static func search(gaps: [Double], joins: [Double], axleCount n: Int) -> [Step] {
        let shapes = Self.shapes
        // Every step is written once, in order: no pass filling it first.
        // Unchecked arithmetic on indices that are in range by construction,
        // and a 16-byte step: the inner loop runs for every axle and template.
        return [Step](unsafeUninitializedCapacity: 2 * (n + 1)) { best, count in
            best.initializeElement(at: 0, to: Step(cost: 0, from: -1, template: -1, fitsBadly: false))
            best.initializeElement(at: 1, to: .none)
            gaps.withUnsafeBufferPointer { gaps in
                joins.withUnsafeBufferPointer { joins in
                    for end in 1...n {
                        var found = Candidates(end: end, gaps: gaps, best: best, joins: joins)
                        found.consider(shapes.unmatched)
                        found.consider(shapes.twoAxle)
                        found.consider(shapes.bogieWagon)
                        found.consider(shapes.boBo)
                        found.consider(shapes.coach)
                        found.consider(shapes.coCo)
                        best.initializeElement(at: 2 &* end, to: found.first)
                        best.initializeElement(at: 2 &* end &+ 1, to: Step(cost: found.second, from: -1, template: -1,
                                                                           fitsBadly: false))
                    }
                }
            }
            count = 2 * (n + 1)
        }
    }

    /// The cheapest split found so far at one end, and the second cheapest's cost.
    struct Candidates {
        var first = Step.none
        var second = Double.infinity
        let end: Int
        let gaps: UnsafeBufferPointer<Double>
        let best: UnsafeMutableBufferPointer<Step>
        let joins: UnsafeBufferPointer<Double>

        @inline(__always)
        init(end: Int, gaps: UnsafeBufferPointer<Double>, best: UnsafeMutableBufferPointer<Step>,
             joins: UnsafeBufferPointer<Double>) {
            self.end = end
            self.gaps = gaps
            self.best = best
            self.joins = joins
        }

        /// Costs `shape` as the last vehicle, unless it cannot change the two
        /// cheapest splits here.
        // Not `@inline(__always)`: the compiler left that a call for the
        // longer shapes (9 instructions per edge).
        @_transparent
        mutating func consider<S: Shape>(_ shape: S) {
            guard end >= S.axles else { return }
            let start = end &- S.axles
            var costing = Costing(prior: shape.prior, hopeless: hopeless(axles: S.axles),
                                  base: best[2 &* start].cost, join: joins[start], runnerUp: second)
            guard let fit = shape.fit(at: start, gaps: gaps, costing: &costing) else { return }
            offer(fit: fit, start: start, template: shape.template, prior: shape.prior)
        }

        /// Adds the splits whose last vehicle is `template` from `start`,
        /// costing `fit`: the best split before `start` continued, and the
        /// second best.
        @inline(__always)
        mutating func offer(fit: Double, start: Int, template: Int, prior: Double) {
            let add = fit + joins[start]
            let cost = best[2 &* start].cost + add
            if cost < first.cost || (cost == first.cost && template < first.template) {
                second = first.cost
                first = Step(cost: cost, from: start, template: template, fitsBadly: fit - prior > badFit)
            } else if cost < second {
                second = cost
            }
            let runnerUp = best[2 &* start &+ 1].cost + add
            if runnerUp < second { second = runnerUp }
        }
    }

    /// A template this bad loses to leaving its axles unmatched: the table
    /// of template costs always gave up on it.
    @inline(__always)
    static func hopeless(axles: Int) -> Double { unmatchedAxleCost * Double(axles) + 100 }

    /// One template's cost at one start, added up gap by gap; it gives up
    /// once the gaps alone pass `hopeless`, or once a split ending with it,
    /// `base + (total + join)` as `Candidates.offer` adds it, would cost more
    /// than `runnerUp`, the second cheapest at its end so far. Every cost is
    /// at least 0 and rounding is monotonic, so the whole fit, and the split
    /// the offer would make of it, can only be more.
    struct Costing {
        var total: Double
        let hopeless: Double
        let base: Double
        let join: Double
        let runnerUp: Double
        /// Below this it is worth going on (rounding aside, which at worst
        /// costs one more gap); above it the exact tests decide.
        let limit: Double

        @inline(__always)
        init(prior: Double, hopeless: Double, base: Double, join: Double, runnerUp: Double) {
            total = prior
            self.hopeless = hopeless
            self.base = base
            self.join = join
            self.runnerUp = runnerUp
            limit = min(hopeless, runnerUp - base - join)
        }

        /// Adds a gap's cost; false once the template is not worth costing.
        @inline(__always)
        mutating func add(_ cost: Double) -> Bool {
            total += cost
            return total <= limit || !(base + (total + join) > runnerUp || total > hopeless)
        }
    }
}
