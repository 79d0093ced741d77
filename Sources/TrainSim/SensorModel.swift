import WagonCore

/// The double wheel sensor: its geometry and the ways it misbehaves.
///
/// Geometry: the rail is an x axis in metres, detector A centred at x = 0 and
/// B at x = `spacing`; a detector is occupied while a wheel's contact point is
/// within ±`zone`/2 of its centre. Direction `AB` travels towards +x. (More in
/// `PointGeometry`, which also describes the simulator's travel frame.)
///
/// Noise stays inside what DESIGN.md calls noise: every spurious pulse or gap
/// is shorter than `maxNoiseDuration` (0.3 ms), while a real wheel pulse lasts
/// zone / speed, 3.2 ms at 200 km/h with the default 0.18 m zone; so a correct
/// debouncer can remove all of it. Each detector's output keeps alternating
/// levels, as a real GPIO line gives.
public struct SensorModel: Sendable, Hashable, CustomStringConvertible {
    /// A detector that no longer follows the wheels.
    public enum Fault: Sendable, Hashable {
        case stuckFree(Side)
        case stuckOccupied(Side)

        public var side: Side {
            switch self {
            case .stuckFree(let side), .stuckOccupied(let side): side
            }
        }
    }

    /// Distance between the centres of A and B, m (the log's `sensor_spacing_m`).
    public var spacing: Double
    /// Length of rail over which one detector sees a wheel, m. The default
    /// 0.18 m with the default 0.14 m spacing makes the zones overlap by 4 cm,
    /// so a wheel gives `A1 B1 A0 B0`.
    public var zone: Double
    /// Standard deviation of timestamp jitter, s (about 20 µs when noisy).
    public var jitterSigma: Double
    /// Chance that a true transition is followed by 1–3 short toggles.
    public var bounceProbability: Double
    /// Chance that an occupied pulse has one short gap inside it.
    public var dropoutProbability: Double
    /// Short spurious pulses on a free detector, per second per detector.
    public var spikeRate: Double
    public var fault: Fault?

    /// Longest spurious pulse, gap or bounce window, s.
    public static let maxNoiseDuration = 0.000_3
    /// Noise keeps this far from true edges (except bounce, which follows them), s.
    static let noiseMargin = 0.000_5

    public init(
        spacing: Double = 0.14, zone: Double = 0.18, jitterSigma: Double = 0, bounceProbability: Double = 0,
        dropoutProbability: Double = 0, spikeRate: Double = 0, fault: Fault? = nil
    ) {
        precondition(spacing > 0 && zone > 0, "spacing and zone must be positive")
        precondition(jitterSigma >= 0 && spikeRate >= 0, "noise rates cannot be negative")
        precondition((0...1).contains(bounceProbability) && (0...1).contains(dropoutProbability),
                     "probabilities lie between 0 and 1")
        self.spacing = spacing
        self.zone = zone
        self.jitterSigma = jitterSigma
        self.bounceProbability = bounceProbability
        self.dropoutProbability = dropoutProbability
        self.spikeRate = spikeRate
        self.fault = fault
    }

    /// The default geometry, no noise.
    public static let ideal = SensorModel()

    /// Zones that do not overlap (a wheel gives `A1 A0 B1 B0`).
    public static let apart = SensorModel(spacing: 0.30, zone: 0.12)

    /// The default geometry with every kind of noise at a level a debouncer
    /// must cope with.
    public static let noisy = SensorModel(jitterSigma: 0.000_020, bounceProbability: 0.3,
                                          dropoutProbability: 0.1, spikeRate: 0.05)

    /// Same geometry and fault, noise removed.
    public var withoutNoise: SensorModel {
        SensorModel(spacing: spacing, zone: zone, fault: fault)
    }

    /// This geometry and fault with the jitter, bounce, dropouts and spikes of
    /// `model` (typically `.noisy`).
    public func withNoise(of model: SensorModel) -> SensorModel {
        SensorModel(spacing: spacing, zone: zone, jitterSigma: model.jitterSigma,
                    bounceProbability: model.bounceProbability, dropoutProbability: model.dropoutProbability,
                    spikeRate: model.spikeRate, fault: fault)
    }

    public var zonesOverlap: Bool { zone > spacing }

    /// What is wrong with this sensor, for `ExpectedTrain.noise`: `"none"` or
    /// e.g. `"jitter 20us, bounce 30%, dropout 10%, spikes 0.05/s, A stuck free"`.
    public var description: String {
        var parts: [String] = []
        if jitterSigma > 0 { parts.append("jitter \(Int((jitterSigma * 1e6).rounded()))us") }
        if bounceProbability > 0 { parts.append("bounce \(Int((bounceProbability * 100).rounded()))%") }
        if dropoutProbability > 0 { parts.append("dropout \(Int((dropoutProbability * 100).rounded()))%") }
        if spikeRate > 0 { parts.append("spikes \(spikeRate)/s") }
        switch fault {
        case .stuckFree(let side)?: parts.append("\(side.letter) stuck free")
        case .stuckOccupied(let side)?: parts.append("\(side.letter) stuck occupied")
        case nil: break
        }
        return parts.isEmpty ? "none" : parts.joined(separator: ", ")
    }
}
