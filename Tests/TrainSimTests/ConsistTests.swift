import Testing
import TrainSim

@Test func countsAndNamesParseWithSpacesAndAnyCase() throws {
    let freight = try Consist(parsing: "2xTE116,65xgondola")
    #expect(freight.units.count == 67)
    #expect(freight.vehicles.count == 67)
    #expect(freight.axleCount == 2 * 6 + 65 * 4)
    #expect(freight.locomotives == 2)
    #expect(freight.wagons == 65)

    let mixed = try Consist(parsing: "  ChME3, 5 x tank ,\t2 X Gondola ")
    #expect(mixed.units.map(\.name) == ["ChME3"] + Array(repeating: "tank", count: 5) + ["gondola", "gondola"])

    let european = try Consist(parsing: "vectron,20xsgns,10xeanos")
    #expect(european.vehicles.count == 31)
    #expect(european.vehicles[0].type == .vectron)
}

@Test func multiSectionLocomotivesExpandIntoOneVehiclePerSection() throws {
    let one = try Consist(parsing: "2TE10")
    #expect(one.units.count == 1)
    #expect(one.vehicles.count == 2)
    #expect(one.vehicles.map(\.section) == [0, 1])
    #expect(one.axleCount == 12)
    #expect(one.locomotives == 2)

    let two = try Consist(parsing: "2x2TE10, 3xVL80")
    #expect(two.vehicles.count == 4 + 6)
    #expect(two.axleCount == 4 * 6 + 6 * 4)
}

@Test func unknownTypeErrorNamesTheTokenAndListsKnownTypes() {
    #expect {
        try Consist(parsing: "2xTE116, 65xgondla")
    } throws: { error in
        guard let error = error as? ConsistParseError else { return false }
        let text = error.description
        return error.code == .unknownType && error.token == "65xgondla"
            && text.contains("'65xgondla'") && text.contains("gondola") && text.contains("TE116")
            && text.contains("vectron")
    }
}

@Test func theLongestConsistIsTwoThousandVehicles() throws {
    #expect(try Consist(parsing: "1000xgondola,1000xtank").vehicles.count == 2000)
    #expect(try Consist(parsing: "998xgondola,1000xtank,2TE10").vehicles.count == 2000)
}

@Test func emptyEntriesAndBadCountsAreRejected() {
    let cases: [(String, ConsistParseError.Code)] = [
        ("", .empty), ("   ", .empty), ("gondola,,tank", .emptyToken), ("gondola,", .emptyToken),
        ("0xgondola", .badCount), ("1001xgondola", .badCount), ("99999999999999999999xtank", .badCount),
        ("x gondola", .unknownType), ("3 gondola", .unknownType), ("3x", .unknownType),
        // 2,000 vehicles in all at most: 1000 + 1000 fit, one more does not;
        // a 2TE10 unit is two vehicles (its sections).
        ("1000xgondola,1000xtank,gondola", .tooLong), ("999xgondola,1000xtank,2TE10", .tooLong),
    ]
    for (text, code) in cases {
        #expect(throws: ConsistParseError.self, "\(text)") { try Consist(parsing: text) }
        do {
            _ = try Consist(parsing: text)
        } catch {
            #expect(error.code == code, "\(text)")
        }
    }
}

@Test func descriptionCollapsesRunsAndParsesBack() throws {
    let original = try Consist(parsing: "2xTE116,gondola,gondola,tank,3xgondola")
    #expect(original.description == "2xTE116,2xgondola,tank,3xgondola")
    #expect(try Consist(parsing: original.description) == original)
}

@Test func axleOffsetsRunFromTheFrontAndVehiclesTileTheTrain() throws {
    let train = try Consist(parsing: "vectron,2xsgns,hbbins")
    #expect(zip(train.axleOffsets, train.axleOffsets.dropFirst()).allSatisfy { $0 < $1 })
    var front = 0.0
    for (index, vehicle) in train.vehicles.enumerated() {
        #expect(vehicle.front == front)
        for axle in vehicle.axles {
            #expect(train.axleVehicles[axle] == index)
            #expect(train.axleOffsets[axle] == front + vehicle.type.axleOffsets[axle - vehicle.axles.lowerBound])
        }
        front += vehicle.type.length
    }
    #expect(train.length == front)
    #expect(abs(train.length - (18.98 + 2 * 19.74 + 15.90)) < 1e-9)
}
