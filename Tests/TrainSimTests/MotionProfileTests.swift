import Testing
import TrainSim

@Test func trajectoriesStartBeforeThePointAndEndBeyondIt() {
    let train = consist("vectron,10xeanos")
    for profile: MotionProfile in [.constant(kmh: 120), .braking(fromKmh: 100, toKmh: 20), .stopOnPoint(kmh: 200)] {
        let motion = profile.trajectory(axleOffsets: train.axleOffsets, sensor: .ideal)
        let first = motion.knots[0].position - train.axleOffsets[0]
        let last = motion.end.position - train.axleOffsets[train.axleCount - 1]
        #expect(first <= -0.09 - MotionProfile.approachDistance + 1e-9)
        #expect(abs(last - (0.14 + 0.09 + MotionProfile.approachDistance)) < 1e-6)
    }
    let brake = MotionProfile.braking(fromKmh: 100, toKmh: 20).trajectory(axleOffsets: train.axleOffsets,
                                                                          sensor: .ideal)
    #expect(abs(brake.knots[0].velocity - 100 / 3.6) < 1e-12)
    #expect(abs(brake.end.velocity - 20 / 3.6) < 1e-9)
}

@Test func customSegmentsFollowTheirAccelerations() {
    let profile = MotionProfile.custom(startKmh: 36, segments: [
        MotionSegment(duration: 10), MotionSegment(duration: 5, acceleration: -2),
    ])
    let motion = profile.trajectory(axleOffsets: [0.5], sensor: .ideal)
    let start = motion.knots[0].position
    #expect(abs(start - (-0.09 - MotionProfile.approachDistance + 0.5)) < 1e-12)
    #expect(motion.duration == 15)
    #expect(motion.end.velocity == 0)
    #expect(abs(motion.end.position - (start + 100 + 25)) < 1e-9)
    #expect(abs(motion.state(at: 12).velocity - 6) < 1e-12)
    #expect(abs(motion.state(at: 12).position - (start + 100 + 20 - 4)) < 1e-9)
    #expect(motion.standstillTimes == [15])
}

@Test func aCustomBackAndForthIsCountedFromWhereEachAxleEnds() {
    // One gondola: axles 1.71, 3.56, 10.36 and 12.21 m behind its front. The
    // first axle starts at u = −10.09, so the front starts at −8.38.
    // 8 s at 2 m/s: front at 7.62, axles at 5.91, 4.06, −2.74, −4.59.
    // 4 s braking at 0.5 m/s²: front at 11.62; the third axle passes (1.26).
    // 4 s at −0.5 m/s², 1.5 s at −2 m/s: front at 4.62, axles at 2.91, 1.06,
    // −5.74, −7.59. Net: the first two axles, the third went back.
    let profile = MotionProfile.custom(startKmh: 7.2, segments: [
        MotionSegment(duration: 8), MotionSegment(duration: 8, acceleration: -0.5), MotionSegment(duration: 1.5),
    ])
    let gondola = Consist([.gondola])
    let motion = profile.trajectory(axleOffsets: gondola.axleOffsets, sensor: .ideal)
    #expect(abs(motion.end.position - 4.62) < 1e-9)
    let log = Scenario(consist: gondola, profile: profile).generate()
    let train = log.trains[0]
    #expect(train.axles == 2)
    #expect(train.vehicles == 0)
    #expect(abs(train.lengthM - 1.85) < 1e-9)
    #expect(train.flags == ["stopped", "reversed"])
    #expect(log.edges.count == 4 + 4 + 4 * 2)
}

@Test func aReversingTrainStopsWithThePointBetweenTwoAxles() {
    let train = consist("TE116,4xtank")
    let profile = MotionProfile.reversing(kmh: 15, passAxles: 8, backAxles: 3, finish: .standStill)
    let motion = profile.trajectory(axleOffsets: train.axleOffsets, sensor: .ideal)
    // Standing: axles 0–4 beyond the point, 5 onwards before it, none on a zone.
    let positions = train.axleOffsets.map { motion.end.position - $0 }
    #expect(positions.prefix(5).allSatisfy { $0 > 0.23 })
    #expect(positions.dropFirst(5).allSatisfy { $0 < -0.09 })
    #expect(abs((positions[4] + positions[5]) / 2 - 0.07) < 1e-9)
}
