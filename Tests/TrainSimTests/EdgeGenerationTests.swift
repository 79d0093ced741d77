import Testing
import TrainSim
import WagonCore

/// Crossing times of one wheel at 10 m/s: it starts `approachDistance` before
/// the first zone, so it reaches a boundary `approachDistance + d` metres on,
/// where d is the boundary's distance from the first zone's start.
private func wheelTimes(_ distances: [Double]) -> [Nanoseconds] {
    distances.map { t0 + Int64(((MotionProfile.approachDistance + $0) / 10 * 1e9).rounded()) }
}

private func expectTimes(_ edges: [Edge], _ expected: [Nanoseconds]) {
    #expect(edges.count == expected.count)
    for (edge, time) in zip(edges, expected) {
        #expect(abs(edge.time - time) <= 1, "edge at \(edge.time), expected \(time)")
    }
}

@Test func aWheelAtConstantSpeedGivesA1B1A0B0WhenZonesOverlap() {
    let log = Scenario(consist: Consist([singleWheel]), profile: .constant(kmh: 36)).generate()
    #expect(pattern(log.edges) == "A1 B1 A0 B0")
    // Zone 0.18 m, spacing 0.14 m: B starts 0.14 m after A, A ends 0.18 m after it starts.
    expectTimes(log.edges, wheelTimes([0, 0.14, 0.18, 0.32]))
}

@Test func aWheelAtConstantSpeedGivesA1A0B1B0WhenZonesAreApart() {
    let log = Scenario(consist: Consist([singleWheel]), profile: .constant(kmh: 36), sensor: .apart).generate()
    #expect(pattern(log.edges) == "A1 A0 B1 B0")
    // Zone 0.12 m, spacing 0.30 m.
    expectTimes(log.edges, wheelTimes([0, 0.12, 0.30, 0.42]))
}

@Test func directionBAMirrorsAB() {
    let train = consist("vectron,3xsgns,2xhbbins")
    for profile: MotionProfile in [.constant(kmh: 80), .accelerating(fromKmh: 0, toKmh: 30),
                                   .reversing(kmh: 10, passAxles: 5, backAxles: 2)] {
        let ab = Scenario(consist: train, profile: profile, direction: .ab).generate()
        let ba = Scenario(consist: train, profile: profile, direction: .ba).generate()
        #expect(ba.edges.count == ab.edges.count)
        // Same times; A and B swap roles (ties keep A first, so compare per detector).
        #expect(edges(of: .b, in: ba.edges).map(\.time) == edges(of: .a, in: ab.edges).map(\.time))
        #expect(edges(of: .a, in: ba.edges).map(\.time) == edges(of: .b, in: ab.edges).map(\.time))
        #expect(ba.trains[0].direction == .ba)
        #expect(ab.trains[0].direction == .ab)
        #expect(ba.trains[0].axles == ab.trains[0].axles)
    }
    let wheel = Scenario(consist: Consist([singleWheel]), profile: .constant(kmh: 36), direction: .ba).generate()
    #expect(pattern(wheel.edges) == "B1 A1 B0 A0")
}

@Test func everyAxleGivesFourEdgesAtConstantSpeed() {
    let train = consist("2xTE116,65xgondola")
    let log = Scenario(consist: train, profile: .constant(kmh: 60)).generate()
    #expect(log.edges.count == 4 * train.axleCount)
    #expect(edges(of: .a, in: log.edges).count == 2 * train.axleCount)
    #expect(zip(log.edges, log.edges.dropFirst()).allSatisfy { $0.time <= $1.time })
}

@Test func everyDetectorsLevelsAlternateInEveryProfile() {
    let train = consist("2TE10,5xtank,3xflat80")
    let profiles: [MotionProfile] = [
        .constant(kmh: 2), .constant(kmh: 200), .accelerating(fromKmh: 0, toKmh: 40),
        .accelerating(fromKmh: 20, toKmh: 90), .braking(fromKmh: 90, toKmh: 5),
        .stopOnPoint(kmh: 15), .stopOnPoint(kmh: 15, axle: 7, offset: -0.07, rocks: 4, amplitude: 0.04),
        .reversing(kmh: 10, passAxles: 9, backAxles: 4),
        .reversing(kmh: 10, passAxles: 9, backAxles: 9, finish: .backOut),
        .reversing(kmh: 10, passAxles: 3, backAxles: 3, finish: .standStill),
    ]
    for sensor in [SensorModel.ideal, .apart, .noisy] {
        for profile in profiles {
            let log = Scenario(consist: train, profile: profile, sensor: sensor, seed: 3).generate()
            #expect(alternates(edges(of: .a, in: log.edges)), "A: \(profile) \(sensor)")
            #expect(alternates(edges(of: .b, in: log.edges)), "B: \(profile) \(sensor)")
            #expect(zip(log.edges, log.edges.dropFirst()).allSatisfy { $0.time <= $1.time })
        }
    }
}

@Test func rockingOnTheSensorGivesIncompleteSequencesButNoExtraAxles() {
    let train = consist("TE116,2xgondola")
    let rocking = Scenario(consist: train, profile: .stopOnPoint(kmh: 10, axle: 2, rocks: 3, amplitude: 0.03))
        .generate()
    let plain = Scenario(consist: train, profile: .constant(kmh: 10)).generate()
    // Standing on the point's centre and rocking ±3 cm crosses B's start and
    // A's end: one B0 B1 and one A0 A1 pair per rock.
    #expect(rocking.edges.count == plain.edges.count + 3 * 4)
    #expect(rocking.trains[0].axles == train.axleCount)
    #expect(rocking.trains[0].flags == ["stopped"])
}
