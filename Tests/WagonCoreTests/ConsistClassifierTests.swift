import Testing
import WagonCore

/// Axle positions built by hand from published vehicle dimensions.
@Suite struct ConsistClassifierTests {
    /// Positions of a train made of vehicles given as (gaps inside, coupling gap after).
    func positions(_ vehicles: [([Double], Double)]) -> [Double] {
        var result = [0.0]
        for (index, (gaps, coupling)) in vehicles.enumerated() {
            for gap in gaps { result.append(result.last! + gap) }
            if index < vehicles.count - 1 { result.append(result.last! + coupling) }
        }
        return result
    }

    // 1520 mm gondola 12-132: 13.92 m over couplers, pivots 8.65 m, bogies 1.85 m.
    let gondola: ([Double], Double) = ([1.85, 6.80, 1.85], 13.92 - 8.65 - 1.85)
    // Tank 15-150: 12.02 m, pivots 7.8 m: the coupling gap is only 2.37 m.
    let tank: ([Double], Double) = ([1.85, 5.95, 1.85], 12.02 - 7.8 - 1.85)
    // TE116 section: 18.15 m, pivots 8.6 m, 3-axle bogies 1.85 + 1.85 m.
    let te116: ([Double], Double) = ([1.85, 1.85, 8.6 - 3.7, 1.85, 1.85], 18.15 - 8.6 - 3.7)
    // Two-axle covered wagon: 14.02 m, wheelbase 8 m.
    let twoAxle: ([Double], Double) = ([8.0], 14.02 - 8.0)
    // UIC-X coach: 26.4 m, pivots 19 m, bogies 2.5 m.
    let coach: ([Double], Double) = ([2.5, 16.5, 2.5], 26.4 - 19 - 2.5)

    @Test func gondolasAreBogieWagons() {
        let result = ConsistClassifier().classify(positions(Array(repeating: gondola, count: 5)))
        #expect(result.vehicles.map(\.pattern) == Array(repeating: .bogieWagon, count: 5))
        #expect(!result.isAmbiguous)
        #expect(!result.isUnusual)
    }

    @Test func tankWagonsWithAShortCouplingAreSplitAtTheCoupling() {
        let result = ConsistClassifier().classify(positions(Array(repeating: tank, count: 6)))
        #expect(result.vehicles.count == 6)
        #expect(result.vehicles.map(\.firstAxle) == [0, 4, 8, 12, 16, 20])
    }

    @Test func coCoLocomotivesLeadAFreightTrain() {
        let train = [te116, te116] + Array(repeating: gondola, count: 3)
        let result = ConsistClassifier().classify(positions(train))
        #expect(result.vehicles.map(\.kind) == [.locomotive, .locomotive, .wagon, .wagon, .wagon])
        #expect(result.vehicles.map(\.axles) == [6, 6, 4, 4, 4])
    }

    @Test func twoAxleWagonsAndCoachesAreRecognised() {
        #expect(ConsistClassifier().classify(positions(Array(repeating: twoAxle, count: 4))).vehicles
            .map(\.pattern) == Array(repeating: .twoAxleWagon, count: 4))
        #expect(ConsistClassifier().classify(positions(Array(repeating: coach, count: 3))).vehicles
            .map(\.pattern) == Array(repeating: .coach, count: 3))
    }

    @Test func anAxleThatFitsNoVehicleIsFlaggedUnusual() {
        var axles = positions(Array(repeating: gondola, count: 2))
        axles.append(axles.last! + 3.4)
        let result = ConsistClassifier().classify(axles)
        #expect(result.isUnusual)
        #expect(result.vehicles.filter { $0.pattern == .unknown }.count == 1)
    }

    @Test func aVehicleOnlyPartlyOverThePointIsLeftOutWhenTheTrainStoodOrTurned() {
        var axles = positions(Array(repeating: gondola, count: 3))
        // Three axles of a fourth gondola: coupling, bogie, inner gap.
        for gap in [gondola.1, 1.85, 6.80] { axles.append(axles.last! + gap) }
        let result = ConsistClassifier().classify(axles, tailMayBePartial: true)
        #expect(result.vehicles.filter { $0.pattern != .unknown }.count == 3)
        #expect(result.partialTail == 3)
        // A complete train is not trimmed even when it may be.
        let whole = ConsistClassifier().classify(positions(Array(repeating: gondola, count: 4)), tailMayBePartial: true)
        #expect(whole.partialTail == 0)
        #expect(whole.vehicles.count == 4)
    }

    @Test func noAxlesGiveNoVehicles() {
        #expect(ConsistClassifier().classify([]).vehicles.isEmpty)
    }
}
