import Testing
import TrainSim
import WagonCore

/// Simulated trains counted by the core; every expected value comes from the
/// scenario's construction (TrainSim's ExpectedTrain), not from the counter.
@Suite struct SimulatedTrainTests {
    func check(_ scenario: Scenario, vehicles: Bool = true, sourceLocation: SourceLocation = #_sourceLocation) {
        let log = scenario.generate()
        let got = trains(count(log, sensor: scenario.sensor)).filter { $0.axles > 0 }
        let expected = log.trains.filter { $0.axles > 0 }
        #expect(got.count == expected.count, sourceLocation: sourceLocation)
        for (train, want) in zip(got, expected) {
            #expect(train.axles == want.axles, sourceLocation: sourceLocation)
            #expect(train.direction.rawValue == want.direction.rawValue, sourceLocation: sourceLocation)
            if vehicles {
                #expect(train.vehicles.count == want.vehicles, sourceLocation: sourceLocation)
                #expect(train.locomotives == want.locomotives, sourceLocation: sourceLocation)
            }
            #expect(abs(train.length - want.lengthM) < 0.02 * want.lengthM + 0.5, sourceLocation: sourceLocation)
            for flag in want.flags where flag == "stopped" || flag == "reversed" || flag.hasPrefix("degraded") {
                #expect(train.flags.names.contains(flag), "flag \(flag)", sourceLocation: sourceLocation)
            }
        }
    }

    @Test(arguments: [2.0, 10, 45, 90, 140, 200])
    func freightTrainAtConstantSpeedIsCountedExactlyInBothDirections(kmh: Double) {
        for direction in TravelDirection.allCases {
            check(Scenario(consist: consist("2xTE116,20xgondola,5xtank"), profile: .constant(kmh: kmh), direction: direction))
        }
    }

    @Test func passengerTrainAndTwoAxleWagonsAreCounted() {
        check(Scenario(consist: consist("vectron,10xuicx"), profile: .constant(kmh: 120)))
        check(Scenario(consist: consist("G1206,15xgbs"), profile: .constant(kmh: 40), direction: .ba))
    }

    @Test func acceleratingAndBrakingTrainsAreCountedWithCorrectPositions() {
        check(Scenario(consist: consist("2ES6,30xcovered"), profile: .accelerating(fromKmh: 5, toKmh: 60)))
        check(Scenario(consist: consist("ChME3,12xhopper"), profile: .braking(fromKmh: 70, toKmh: 8), direction: .ba))
    }

    @Test func trainStoppingOnTheSensorWithRockingIsCountedOnce() {
        check(Scenario(consist: consist("TE116,10xgondola"), profile: .stopOnPoint(kmh: 15, axle: 13, rocks: 3)))
    }

    @Test func partialReversalCountsNetAxles() {
        check(Scenario(consist: consist("TE116,10xtank"), profile: .reversing(kmh: 12, passAxles: 20, backAxles: 7)))
        check(Scenario(consist: consist("TE116,10xtank"),
                       profile: .reversing(kmh: 12, passAxles: 20, backAxles: 20, finish: .backOut)), vehicles: false)
    }

    @Test func noisySensorGivesTheSameCounts() {
        check(Scenario(consist: consist("2xVL80,40xgondola"), profile: .constant(kmh: 80), sensor: .noisy, seed: 5))
        check(Scenario(consist: consist("class66,20xsgns"), profile: .constant(kmh: 160), sensor: .noisy, seed: 6))
    }

    @Test func detectorsWhoseZonesDoNotOverlapCountTheSame() {
        for kmh in [5.0, 60, 180] {
            check(Scenario(consist: consist("TE116,15xflat"), profile: .constant(kmh: kmh), sensor: .apart))
        }
    }

    @Test func deadDetectorStillCountsAxlesAndSaysSo() {
        for fault in [SensorModel.Fault.stuckFree(.b), .stuckOccupied(.a)] {
            var sensor = SensorModel.ideal
            sensor.fault = fault
            let log = Scenario(consist: consist("TE116,10xgondola"), profile: .constant(kmh: 50), sensor: sensor).generate()
            let got = trains(count(log, sensor: sensor))
            #expect(got.map(\.axles) == log.trains.map(\.axles))
            let silent = fault.side == .a ? TrainFlags.degradedA : .degradedB
            #expect(got.first?.flags.contains(silent) == true)
            #expect(got.first?.flags.contains(.directionUnknown) == true)
        }
    }

    @Test func severalTrainsInOneLogAreReportedSeparatelyInOrder() {
        let runs = [
            TrainRun(consist: consist("TE116,5xgondola"), profile: .constant(kmh: 40)),
            TrainRun(consist: consist("vectron,3xuicx"), profile: .constant(kmh: 100), direction: .ba),
            TrainRun(consist: consist("G1206,8xgbs"), profile: .constant(kmh: 20)),
        ]
        check(Scenario(trains: runs, gap: 90))
    }
}
