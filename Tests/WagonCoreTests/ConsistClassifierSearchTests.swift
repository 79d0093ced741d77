import Testing
import TrainSim
@testable import WagonCore

/// The classifier's search gives up on templates that cannot matter; these
/// tests hold it to the plain search that costs every template at every
/// start, bit for bit.
@Suite struct ConsistClassifierSearchTests {
    typealias Classifier = ConsistClassifier

    /// A template's cost at `start` as the plain search adds it up:
    /// `.infinity` once its gaps pass the hopeless cost.
    func plainFit(_ template: Classifier.Template, at start: Int, gaps: [Double]) -> Double {
        let hopeless = Classifier.unmatchedAxleCost * Double(template.axles) + 100
        var total = template.prior
        for (offset, range) in template.gaps.enumerated() {
            total += range.cost(gaps[start + offset])
            if total > hopeless { return .infinity }
        }
        for group in template.equalGaps {
            var cheapest = 9.0
            for (first, second) in group {
                let d = (gaps[start + first] - gaps[start + second]) / Classifier.equalGapTolerance
                cheapest = min(cheapest, d * d)
            }
            total += cheapest
        }
        return total
    }

    /// At each end: the cheapest split's cost, its last vehicle's start and
    /// template (ties to the first template), and the second cheapest's cost.
    func plainSearch(gaps: [Double]) -> [(cost: Double, from: Int, template: Int, second: Double)] {
        let n = gaps.count + 1
        var best: [(cost: Double, from: Int, template: Int, second: Double)] = [(0, -1, -1, .infinity)]
        for end in 1...n {
            var first = (cost: Double.infinity, from: -1, template: -1)
            var second = Double.infinity
            for (t, template) in Classifier.templates.enumerated() where template.axles <= end {
                let start = end - template.axles
                let fit = plainFit(template, at: start, gaps: gaps)
                if fit == .infinity { continue }
                let add = fit + (start > 0 ? Classifier.coupling.cost(gaps[start - 1]) : 0)
                let cost = best[start].cost + add
                if cost < first.cost {
                    second = first.cost
                    first = (cost, start, t)
                } else if cost < second {
                    second = cost
                }
                second = min(second, best[start].second + add)
            }
            best.append((first.cost, first.from, first.template, second))
        }
        return best
    }

    /// Gaps of random trains: any gaps, gaps on a coarse grid (ties between
    /// splits), and real vehicles with a little or a lot of noise.
    func randomGaps(_ generator: inout some RandomNumberGenerator, kind: Int) -> [Double] {
        let vehicles: [[Double]] = [[1.85, 6.8, 1.85, 3.42], [1.85, 5.95, 1.85, 2.37], [1.85, 1.85, 4.9, 1.85, 1.85, 5.85],
                                    [8.0, 6.02], [2.5, 16.5, 2.5, 4.9], [2.8, 7.5, 2.8, 4.0]]
        let count = Int.random(in: 0...80, using: &generator)
        var gaps: [Double] = []
        while gaps.count < count {
            switch kind {
            case 0: gaps.append(Double.random(in: 0.3...20, using: &generator))
            case 1: gaps.append(Double(Int.random(in: 1...60, using: &generator)) * 0.25)
            default:
                let noise = kind == 2 ? 0.02 : 0.6
                gaps += vehicles.randomElement(using: &generator)!.map { max(0.1, $0 + Double.random(in: -noise...noise, using: &generator)) }
            }
        }
        return Array(gaps.prefix(count))
    }

    @Test(arguments: 0..<4)
    func searchMatchesThePlainSearch(kind: Int) {
        var generator = SplitMix64(seed: UInt64(kind + 1))
        for _ in 0..<300 {
            let gaps = randomGaps(&generator, kind: kind)
            let n = gaps.count + 1
            let joins = [0] + gaps.map { Classifier.coupling.cost($0) }
            let found = Classifier.search(gaps: gaps, joins: joins, axleCount: n)
            let plain = plainSearch(gaps: gaps)
            for end in 1...n {
                let first = found[2 * end]
                #expect(first.cost.bitPattern == plain[end].cost.bitPattern)
                #expect(first.from == plain[end].from && first.template == plain[end].template)
                #expect(found[2 * end + 1].cost.bitPattern == plain[end].second.bitPattern)
                let template = Classifier.templates[first.template]
                #expect(first.fitsBadly == (plainFit(template, at: first.from, gaps: gaps) - template.prior > 3))
            }
        }
    }
}
