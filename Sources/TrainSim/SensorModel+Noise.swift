import WagonCore

/// A level change of one detector, before it becomes an `Edge`.
struct TimedLevel: Hashable {
    var time: Nanoseconds
    var occupied: Bool
}

extension SensorModel {
    /// What one detector's GPIO line shows, given its noise-free level changes
    /// over the log's `span`: faults, then jitter, bounce, dropouts and spikes.
    /// The result keeps strictly increasing times and alternating levels.
    func observe(_ clean: [TimedLevel], side: Side, span: ClosedRange<Nanoseconds>,
                 rng: inout SplitMix64) -> [TimedLevel] {
        switch fault {
        case .stuckFree(side)?: return []
        case .stuckOccupied(side)?: return [TimedLevel(time: span.lowerBound, occupied: true)]
        default: break
        }
        let truth = jittered(clean, rng: &rng)
        var noise = bounces(after: truth, rng: &rng)
        noise += dropouts(inside: truth, rng: &rng)
        noise += spikes(between: truth, span: span, rng: &rng)
        guard !noise.isEmpty else { return truth }
        var merged = truth + noise
        merged.sort { $0.time < $1.time }
        assert(zip(merged, merged.dropFirst()).allSatisfy { $0.time < $1.time && $0.occupied != $1.occupied },
               "noise must keep a detector's levels alternating")
        return merged
    }

    /// Gaussian jitter that never reorders the detector's own edges.
    private func jittered(_ clean: [TimedLevel], rng: inout SplitMix64) -> [TimedLevel] {
        guard jitterSigma > 0 else { return clean }
        let sigma = jitterSigma * 1e9
        var result = clean
        for index in result.indices {
            var time = result[index].time + Int64((sigma * rng.gaussian()).rounded())
            if index > 0 { time = max(time, result[index - 1].time + 1) }
            result[index].time = time
        }
        return result
    }

    /// 1–3 toggles (pairs of edges) within `maxNoiseDuration` after a true
    /// transition, when the next true edge is far enough away.
    private func bounces(after truth: [TimedLevel], rng: inout SplitMix64) -> [TimedLevel] {
        guard bounceProbability > 0 else { return [] }
        let window = nanoseconds(Self.maxNoiseDuration)
        let needed = window + nanoseconds(Self.noiseMargin)
        var result: [TimedLevel] = []
        for (index, edge) in truth.enumerated() where rng.chance(bounceProbability) {
            if index + 1 < truth.count && truth[index + 1].time - edge.time < needed { continue }
            let toggles = rng.integer(in: 1...3)
            var times = (0..<(2 * toggles)).map { _ in
                edge.time + 1_000 + Int64(rng.unit() * Double(window - 2_000))
            }
            times.sort()
            for k in 1..<times.count { times[k] = max(times[k], times[k - 1] + 1) }
            for (k, time) in times.enumerated() {
                result.append(TimedLevel(time: time, occupied: k.isMultiple(of: 2) ? !edge.occupied : edge.occupied))
            }
        }
        return result
    }

    /// One short gap inside an occupied pulse, clear of its ends and bounces.
    private func dropouts(inside truth: [TimedLevel], rng: inout SplitMix64) -> [TimedLevel] {
        guard dropoutProbability > 0 else { return [] }
        let margin = nanoseconds(Self.maxNoiseDuration + Self.noiseMargin)
        var result: [TimedLevel] = []
        for (on, off) in zip(truth, truth.dropFirst()) where on.occupied && rng.chance(dropoutProbability) {
            let width = noiseWidth(rng: &rng)
            let room = off.time - on.time - 2 * margin - width
            guard room > 0 else { continue }
            let start = on.time + margin + Int64(rng.unit() * Double(room))
            result.append(TimedLevel(time: start, occupied: false))
            result.append(TimedLevel(time: start + width, occupied: true))
        }
        return result
    }

    /// Short pulses at Poisson times on a free detector, clear of true edges
    /// and their bounces; those that would land elsewhere are dropped.
    private func spikes(between truth: [TimedLevel], span: ClosedRange<Nanoseconds>,
                        rng: inout SplitMix64) -> [TimedLevel] {
        guard spikeRate > 0 else { return [] }
        let margin = nanoseconds(Self.maxNoiseDuration + Self.noiseMargin)
        var result: [TimedLevel] = []
        var time = span.lowerBound
        var clearAfter = span.lowerBound
        while true {
            time += nanoseconds(rng.exponential(rate: spikeRate))
            let width = noiseWidth(rng: &rng)
            guard time + width < span.upperBound else { break }
            guard time >= clearAfter else { continue }
            // The first true edge after the spike's guarded start.
            var low = 0
            var high = truth.count
            while low < high {
                let mid = (low + high) / 2
                if truth[mid].time < time - margin { low = mid + 1 } else { high = mid }
            }
            let nearEdge = low < truth.count && truth[low].time <= time + width + margin
            let occupied = low > 0 && truth[low - 1].occupied
            guard !nearEdge && !occupied else { continue }
            result.append(TimedLevel(time: time, occupied: true))
            result.append(TimedLevel(time: time + width, occupied: false))
            clearAfter = time + width + margin
        }
        return result
    }

    /// 20 µs up to (not including) `maxNoiseDuration`.
    private func noiseWidth(rng: inout SplitMix64) -> Nanoseconds {
        nanoseconds(rng.uniform(0.000_020, Self.maxNoiseDuration - 0.000_001))
    }
}
