import Testing
import TrainSim
import WagonCore

private let threeGondolas = consist("3xgondola")

@Test func aTrainThatBacksPartWayAndStandsCountsTheNetAxles() {
    // Passes 7 axles, backs 3 of them over the point, stops between axles 3
    // and 4 and stays: axles 0–3 ended beyond the point, 4 net.
    let log = Scenario(consist: threeGondolas,
                       profile: .reversing(kmh: 10, passAxles: 7, backAxles: 3, finish: .standStill)).generate()
    let train = log.trains[0]
    #expect(train.axles == 4)
    #expect(train.direction == .ab)
    #expect(train.vehicles == 1 && train.wagons == 1 && train.locomotives == 0)
    #expect(train.consist.map(\.passed) == [true, false, false])
    // First to fourth axle of a gondola: 1.85 + (8.65 − 1.85) + 1.85 m.
    #expect(abs(train.lengthM - 10.5) < 1e-9)
    #expect(train.flags == ["stopped", "reversed"])
    // 7 axles forward, 3 back: 4 edges each, plus the edges of whole passages only.
    #expect(log.edges.count == 4 * (7 + 3))
}

@Test func aTrainThatBacksPartWayThenGoesThroughCountsEveryAxle() {
    let log = Scenario(consist: threeGondolas, profile: .reversing(kmh: 10, passAxles: 7, backAxles: 3),
                       direction: .ba).generate()
    let train = log.trains[0]
    #expect(train.axles == 12)
    #expect(train.vehicles == 3)
    #expect(train.direction == .ba)
    #expect(train.flags == ["stopped", "reversed"])
    #expect(log.edges.count == 4 * (7 + 3 + 8))
    // Axles 0–3 never went back: the passage starts with the first axle's
    // only crossing, between its first and fourth edge.
    #expect(train.startNs > log.edges[0].time && train.startNs < log.edges[3].time)
}

@Test func aTrainThatBacksOutEntirelyCountsNothing() {
    let log = Scenario(consist: threeGondolas,
                       profile: .reversing(kmh: 10, passAxles: 5, backAxles: 5, finish: .backOut)).generate()
    let train = log.trains[0]
    #expect(train.axles == 0)
    #expect(train.vehicles == 0)
    #expect(train.lengthM == 0)
    #expect(train.direction == .ab)
    #expect(train.flags == ["stopped", "reversed"])
    #expect(log.edges.count == 4 * (5 + 5))
    #expect(train.startNs < train.endNs)
}

@Test func aConstantSpeedTrainIsExpectedFromItsGeometry() {
    let train = consist("2xTE116,65xgondola")
    let speed = 60 / 3.6
    let log = Scenario(consist: train, profile: .constant(kmh: 60)).generate()
    let expected = log.trains[0]
    #expect(expected.axles == 272)
    #expect(expected.vehicles == 67 && expected.locomotives == 2 && expected.wagons == 65)
    #expect(abs(expected.speedKmhAvg - 60) < 1e-9)
    let span = train.axleOffsets[271] - train.axleOffsets[0]
    #expect(abs(expected.lengthM - span) < 1e-9)
    // The first axle starts approachDistance before A's zone (0.09 m before A)
    // and counts when it reaches the centre, 0.07 m after A.
    let first = (MotionProfile.approachDistance + 0.09 + 0.07) / speed
    #expect(abs(expected.startNs - (t0 + Int64((first * 1e9).rounded()))) <= 1)
    #expect(abs(expected.endNs - (t0 + Int64(((first + span / speed) * 1e9).rounded()))) <= 1)
    #expect(expected.flags.isEmpty)
    #expect(expected.noise == "none")
    #expect(expected.consist.count == 67 && expected.consist[0].type == "TE116" && expected.consist[0].axles == 6)
}

@Test func aSpeedRampIsAveragedOverTheCountedAxles() {
    let log = Scenario(consist: consist("vectron,10xsgns"), profile: .accelerating(fromKmh: 10, toKmh: 50))
        .generate()
    let speed = log.trains[0].speedKmhAvg
    #expect(speed > 10 && speed < 50)
    #expect(log.trains[0].flags.isEmpty)
    let stopped = Scenario(consist: consist("vectron,10xsgns"), profile: .accelerating(fromKmh: 0, toKmh: 30))
        .generate()
    // Starting from rest before the point is not a stop during the passage.
    #expect(stopped.trains[0].flags.isEmpty)
}

@Test func severalTrainsInOneLogAreSeparatedByTheGap() {
    let runs = [
        TrainRun(consist: consist("vectron,5xsgns"), profile: .constant(kmh: 100)),
        TrainRun(consist: consist("G1206,8xtdgns"), profile: .stopOnPoint(kmh: 10), direction: .ba),
        TrainRun(consist: consist("class66,3xeanos"), profile: .braking(fromKmh: 80, toKmh: 30)),
    ]
    let scenario = Scenario(trains: runs, gap: 45)
    let log = scenario.generate()
    #expect(log.trains.count == 3)
    #expect(log.trains.map(\.direction) == [.ab, .ba, .ab])
    #expect(log.trains.map(\.axles) == [24, 20, 18])
    #expect(log.trains[1].flags == ["stopped"])
    // Split the log at silences longer than 10 s; each gap is exactly 45 s.
    var silences: [Int64] = []
    for (before, after) in zip(log.edges, log.edges.dropFirst()) where after.time - before.time > 10_000_000_000 {
        silences.append(after.time - before.time)
    }
    #expect(silences == [45_000_000_000, 45_000_000_000])
    #expect(log.trains[0].endNs < log.trains[1].startNs && log.trains[1].endNs < log.trains[2].startNs)
}
