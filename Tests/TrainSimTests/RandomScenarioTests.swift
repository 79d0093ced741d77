import Testing
import TrainSim
import WagonCore

@Test func randomScenariosAreReproducibleAndPhysical() {
    let first = Array(RandomScenario(seed: 2024, faultProbability: 0.1, trainsPerScenario: 1...3).prefix(150))
    let again = Array(RandomScenario(seed: 2024, faultProbability: 0.1, trainsPerScenario: 1...3).prefix(150))
    #expect(first == again)
    var profilesSeen = Set<String>()
    for scenario in first {
        let log = scenario.generate()
        #expect(log.trains.count == scenario.trains.count)
        for side in Side.allCases {
            let own = edges(of: side, in: log.edges)
            #expect(alternates(own), "\(scenario)")
        }
        #expect(zip(log.edges, log.edges.dropFirst()).allSatisfy { $0.time <= $1.time })
        for (run, train) in zip(scenario.trains, log.trains) {
            #expect(train.axles <= run.consist.axleCount)
            #expect(train.vehicles <= run.consist.vehicles.count)
            profilesSeen.insert(String("\(run.profile)".prefix { $0 != "(" }))
            let units = run.consist.units
            let locos = units.prefix { $0.kind == .locomotive }.count
            #expect((1...3).contains(locos), "\(run.consist)")
            #expect(units.dropFirst(locos).allSatisfy { $0.kind == .wagon }, "\(run.consist)")
            #expect(Set(units.map(\.gauge)).count == 1, "\(run.consist) mixes gauges")
        }
    }
    #expect(profilesSeen == ["constant", "accelerating", "braking", "stopOnPoint", "reversing"])
}

@Test func randomTrainsWithoutReversalCountEveryAxle() {
    for scenario in RandomScenario(seed: 77, noiseProbability: 0).prefix(100) {
        let run = scenario.trains[0]
        let train = scenario.generate().trains[0]
        switch run.profile {
        case .reversing(_, let pass, let back, .standStill):
            #expect(train.axles == pass - back)
        case .reversing(_, _, _, .backOut):
            #expect(train.axles == 0)
        case .reversing(_, _, _, .forwardThrough):
            #expect(train.axles == run.consist.axleCount)
            #expect(train.flags.contains("reversed"))
        default:
            #expect(train.axles == run.consist.axleCount)
            #expect(train.vehicles == run.consist.vehicles.count)
            #expect(train.flags.contains("reversed") == false)
        }
    }
}
