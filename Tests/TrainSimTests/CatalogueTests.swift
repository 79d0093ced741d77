import Testing
import TrainSim

/// Gaps between consecutive axles of one vehicle, classified as DESIGN.md
/// describes them.
private func gaps(_ type: VehicleType) -> (bogie: [Double], inner: [Double], wheelbase: [Double]) {
    let offsets = type.axleOffsets
    // Rounded to the micrometre: offsets are sums of published millimetre values.
    let steps = zip(offsets, offsets.dropFirst()).map { (($1 - $0) * 1e6).rounded() / 1e6 }
    switch offsets.count {
    case 2: return ([], [], steps)
    case 4: return ([steps[0], steps[2]], [steps[1]], [])
    case 6: return ([steps[0], steps[1], steps[3], steps[4]], [steps[2]], [])
    default: Issue.record("\(type.name): unexpected \(offsets.count) axles"); return ([], [], [])
    }
}

@Test func everyTypeHasAxleSpacingsWithinDesignPhysics() {
    for type in Catalogue.standard.types {
        let (bogie, inner, wheelbase) = gaps(type)
        for gap in bogie {
            #expect((1.8...3.2).contains(gap), "\(type.name): \(gap) m inside a bogie")
        }
        if type.kind == .wagon {
            // DESIGN: 5–19 m between the inner axles of a wagon's two bogies.
            for gap in inner { #expect((5...19).contains(gap), "\(type.name): inner axles \(gap) m") }
        } else {
            // Locomotives have short bodies over long bogies: shorter, but
            // always longer than any gap inside a bogie.
            for gap in inner { #expect((4...10).contains(gap), "\(type.name): inner axles \(gap) m") }
        }
        for gap in wheelbase { #expect((5...10).contains(gap), "\(type.name): wheelbase \(gap) m") }
        #expect(type.frontOverhang > 0.5 && type.rearOverhang > 0.5, "\(type.name): overhangs")
    }
}

@Test func couplingGapsBetweenAnyTwoTypesOfOneGaugeAreRealistic() {
    // DESIGN says "roughly 2.5 to 7 m"; two 1520 mm tanks come to 2.37 m.
    let types = Catalogue.standard.types
    for front in types {
        for rear in types where rear.gauge == front.gauge {
            let gap = ((front.rearOverhang + rear.frontOverhang) * 1e6).rounded() / 1e6
            #expect((2.3...7).contains(gap), "\(front.name)+\(rear.name): \(gap) m across the coupling")
        }
    }
}

@Test func te116MatchesItsPublishedGeometry() {
    // 18.15 m over couplers, pivots 8.6 m apart, bogies 1.85 + 1.85 m.
    let expected = [2.925, 4.775, 6.625, 11.525, 13.375, 15.225]
    let actual = VehicleType.te116.axleOffsets
    #expect(actual.count == 6)
    for (a, e) in zip(actual, expected) { #expect(abs(a - e) < 1e-9) }
    #expect(VehicleType.te116.kind == .locomotive)
    #expect(VehicleType.te116.gauge == 1520)
}

@Test func catalogueFindsTypesIgnoringCaseAndDocumentsEachOne() {
    let catalogue = Catalogue.standard
    #expect(catalogue.type(named: "te116") == .te116)
    #expect(catalogue.type(named: "VECTRON") == .vectron)
    #expect(catalogue.type(named: "2te10")?.sections == 2)
    #expect(catalogue.type(named: "nonesuch") == nil)
    for name in ["gondola", "covered", "tank", "flat", "hopper", "flat80", "eanos", "sgns", "zacns", "hbbins",
                 "gbs", "tdgns", "TE116", "2TE10", "ChME3", "class66", "G1206", "VL80", "2ES6", "vectron",
                 "coach1520", "uicx"] {
        #expect(catalogue.type(named: name) != nil, "\(name) missing")
    }
    for type in catalogue.types {
        #expect(!type.provenance.isEmpty, "\(type.name) has no provenance")
        #expect(type.gauge == 1520 || type.gauge == 1435)
    }
    #expect(catalogue.types.filter { $0.sections == 2 }.map(\.name).sorted() == ["2ES6", "2TE10", "VL80"])
}
