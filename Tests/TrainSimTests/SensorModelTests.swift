import Testing
import TrainSim
import WagonCore

private let mixedTrain = consist("2xTE116,20xgondola,10xtank")

@Test func noiseIsShorterThanPointThreeMillisecondsAndDebouncesAway() {
    let profiles: [MotionProfile] = [.constant(kmh: 200), .constant(kmh: 5), .braking(fromKmh: 80, toKmh: 10),
                                     .stopOnPoint(kmh: 10, axle: 3),
                                     .reversing(kmh: 10, passAxles: 10, backAxles: 6)]
    let sensor = SensorModel(jitterSigma: 0.000_020, bounceProbability: 0.5, dropoutProbability: 0.5, spikeRate: 2)
    for (seed, profile) in profiles.enumerated() {
        let scenario = Scenario(consist: mixedTrain, profile: profile, sensor: sensor, seed: UInt64(seed))
        let noisy = scenario.generate()
        var clean = scenario
        clean.sensor = sensor.withoutNoise
        let truth = clean.generate()
        #expect(noisy.edges.count > truth.edges.count, "\(profile): no noise was added")
        for side in Side.allCases {
            let own = edges(of: side, in: noisy.edges)
            #expect(alternates(own))
            let kept = debounced(own)
            let expected = edges(of: side, in: truth.edges)
            #expect(kept.map(\.occupied) == expected.map(\.occupied), "\(profile) \(side)")
            // Jitter is bounded by 6σ (Irwin–Hall); bounce ends within 0.3 ms.
            for (got, want) in zip(kept, expected) {
                #expect(got.time >= want.time - 120_000 && got.time <= want.time + 300_000 + 120_000,
                        "\(profile) \(side): kept edge \(got.time - want.time) ns off")
            }
        }
    }
}

@Test func jitterNeverReordersADetectorsOwnEdges() {
    // σ = 2 ms against 3.2 ms pulses at 200 km/h: raw jitter would reorder often.
    let sensor = SensorModel(jitterSigma: 0.002)
    let scenario = Scenario(consist: mixedTrain, profile: .constant(kmh: 200), sensor: sensor, seed: 11)
    let log = scenario.generate()
    #expect(log.edges.count == 4 * mixedTrain.axleCount)
    for side in Side.allCases {
        #expect(alternates(edges(of: side, in: log.edges)))
    }
    #expect(zip(log.edges, log.edges.dropFirst()).allSatisfy { $0.time <= $1.time })
}

@Test func aDetectorStuckFreeHasNoEdgesAndTheTrainIsDegraded() {
    let scenario = Scenario(consist: mixedTrain, profile: .constant(kmh: 40),
                            sensor: SensorModel(fault: .stuckFree(.b)))
    let log = scenario.generate()
    #expect(edges(of: .b, in: log.edges).isEmpty)
    #expect(edges(of: .a, in: log.edges).count == 2 * mixedTrain.axleCount)
    #expect(log.trains[0].flags == ["degraded_B"])
    #expect(log.trains[0].axles == mixedTrain.axleCount)
    #expect(log.trains[0].noise == "B stuck free")
}

@Test func aDetectorStuckOccupiedRisesOnceAtTheStart() {
    let scenario = Scenario(consist: mixedTrain, profile: .constant(kmh: 40),
                            sensor: SensorModel(fault: .stuckOccupied(.a)))
    let log = scenario.generate()
    let stuck = edges(of: .a, in: log.edges)
    #expect(stuck.count == 1)
    #expect(stuck.first?.time == t0 && stuck.first?.occupied == true)
    #expect(log.edges.first?.detector.side == .a)
    #expect(log.trains[0].flags == ["degraded_A"])
}

@Test func theSameSeedGivesTheSameEdgesAndAnotherSeedDiffers() {
    let scenario = Scenario(consist: mixedTrain, profile: .braking(fromKmh: 60, toKmh: 20), sensor: .noisy,
                            seed: 42)
    let first = scenario.generate()
    let second = scenario.generate()
    #expect(first.edges == second.edges)
    #expect(first.trains == second.trains)
    var other = scenario
    other.seed = 43
    #expect(other.generate().edges != first.edges)
}

@Test func spikesOnlyAppearOnAFreeDetector() {
    let sensor = SensorModel(spikeRate: 50)
    let scenario = Scenario(consist: mixedTrain, profile: .constant(kmh: 20), sensor: sensor, seed: 5)
    let log = scenario.generate()
    var clean = scenario
    clean.sensor = .ideal
    let truth = clean.generate()
    for side in Side.allCases {
        let own = edges(of: side, in: log.edges)
        let real = Set(edges(of: side, in: truth.edges).map(\.time))
        let spikes = own.filter { !real.contains($0.time) }
        #expect(!spikes.isEmpty)
        // Every spike is a rise then a fall within 0.3 ms.
        for pair in stride(from: 0, to: spikes.count - 1, by: 2) {
            #expect(spikes[pair].occupied && !spikes[pair + 1].occupied)
            #expect(spikes[pair + 1].time - spikes[pair].time < 300_000)
        }
    }
}

@Test func sensorDescriptionsNameTheNoise() {
    #expect(SensorModel.ideal.description == "none")
    #expect(SensorModel.noisy.description == "jitter 20us, bounce 30%, dropout 10%, spikes 0.05/s")
    #expect(SensorModel(fault: .stuckOccupied(.b)).description == "B stuck occupied")
    let noisyApart = SensorModel.apart.withNoise(of: .noisy)
    #expect(noisyApart.spacing == 0.30 && noisyApart.zone == 0.12)
    #expect(noisyApart.description == SensorModel.noisy.description)
    #expect(noisyApart.withoutNoise == .apart)
    #expect(SensorModel.ideal.zonesOverlap)
    #expect(!SensorModel.apart.zonesOverlap)
}
