import Testing
import TestSupport
import TrainSim

/// Mutated consist texts never crash the parser: each either gives a train
/// of 1 to `Consist.maxVehicles` vehicles whose own text reads back as the
/// same units, or fails naming a token of the text.
@Test func mutatedConsistTextsParseToATrainThatReadsBackOrFailNamingATokenOfThem() {
    let seeds = ["2xTE116,65xgondola", "vectron, 20 x sgns", "ChME3, 5 X tank", "2TE10,99*hopper",
                 "10xgondola,12xtank", "VL80,3×covered,flat"]
    let alphabet = Array("0123456789xX*×, \t-gondlatkTE16".unicodeScalars)
    var random = SplitMix64(seed: 0xC0A5)
    var parsed = 0, refused = 0
    for round in 0..<5_000 {
        var scalars = Array(seeds[round % seeds.count].unicodeScalars)
        mutate(&scalars, edits: Int(random.next() % 3), alphabet: alphabet, using: &random)
        if random.next() % 4 == 0, !scalars.isEmpty {  // a piece repeated
            let position = Int(random.next() % UInt64(scalars.count))
            scalars.insert(contentsOf: scalars[position...].prefix(12), at: position)
        }
        var text = ""
        text.unicodeScalars.append(contentsOf: scalars)
        do {
            let consist = try Consist(parsing: text)
            parsed += 1
            #expect((1...Consist.maxVehicles).contains(consist.vehicles.count), "\(text)")
            let again = try Consist(parsing: consist.description)
            #expect(again.units == consist.units, "\(text) → \(consist.description)")
        } catch {
            refused += 1
            if error.code != .empty && error.code != .emptyToken {
                #expect(text.contains(error.token), "\(error) for '\(text)'")
            }
        }
    }
    #expect(parsed + refused == 5_000)
    #expect(parsed > 500 && refused > 500, "both sides: \(parsed) parsed, \(refused) refused")
}

@Test func aRunLongerThanOneEntryMayCountIsWrittenInPiecesThatReadBack() throws {
    let consist = try Consist(parsing: "1000xgondola,1000xgondola")
    #expect(consist.description == "1000xgondola,1000xgondola")
    #expect(try Consist(parsing: consist.description).units.count == 2000)
}
