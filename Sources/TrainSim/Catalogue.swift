/// The rolling stock the consist syntax knows by name.
///
/// Values are nominal, from published data sheets and encyclopaedias; entries
/// marked "approximate" are our best reading where sources disagree or were
/// not at hand. They are close enough for counting: what matters to the core
/// is the pattern of axle spacings (DESIGN.md, "Physics to respect").
public struct Catalogue: Sendable, Hashable {
    public private(set) var types: [VehicleType]

    public init(_ types: [VehicleType]) {
        var seen = Set<String>()
        for type in types {
            precondition(seen.insert(type.name.lowercased()).inserted,
                         "vehicle type names must be unique ignoring case: \(type.name)")
        }
        self.types = types
    }

    /// The type with this name, ignoring case.
    public func type(named name: some StringProtocol) -> VehicleType? {
        let wanted = name.lowercased()
        return types.first { $0.name.lowercased() == wanted }
    }

    /// Names in catalogue order, for error messages and help text.
    public var names: [String] { types.map(\.name) }

    public static let standard = Catalogue([
        .gondola, .covered, .tank, .flat, .hopper, .flat80, .coach1520,
        .eanos, .sgns, .zacns, .hbbins, .gbs, .tdgns, .uicx,
        .te116, .twoTE10, .chme3, .vl80, .twoES6,
        .g1206, .class66, .vectron,
    ])
}

// MARK: - 1520 mm wagons (18-100 bogies, 1.85 m wheelbase, unless noted)

extension VehicleType {
    public static let gondola = bogie(
        "gondola", .wagon, gauge: 1520, length: 13.92, pivots: 8.65, bogie: [1.85],
        provenance: "12-132 type open wagon: 13.92 m over coupler axes, base 8.65 m, 18-100 bogies 1.85 m")
    public static let covered = bogie(
        "covered", .wagon, gauge: 1520, length: 17.48, pivots: 12.24, bogie: [1.85],
        provenance: "11-280 type 158 m3 covered wagon: 17.48 m over couplers, base 12.24 m (approximate)")
    public static let tank = bogie(
        "tank", .wagon, gauge: 1520, length: 12.02, pivots: 7.80, bogie: [1.85],
        provenance: "15-1443 type 73 m3 tank: 12.02 m over couplers, base 7.80 m; "
            + "tank-to-tank axle gap 2.37 m, just under DESIGN's 'roughly 2.5 m'")
    public static let flat = bogie(
        "flat", .wagon, gauge: 1520, length: 14.62, pivots: 9.72, bogie: [1.85],
        provenance: "13-401 type flat wagon: 14.62 m over couplers, base 9.72 m")
    public static let hopper = bogie(
        "hopper", .wagon, gauge: 1520, length: 14.72, pivots: 10.00, bogie: [1.85],
        provenance: "19-752 type grain hopper: 14.72 m over couplers, base 10.0 m (approximate)")
    public static let flat80 = bogie(
        "flat80", .wagon, gauge: 1520, length: 25.62, pivots: 19.00, bogie: [1.85],
        provenance: "13-9004M type 80 ft container flat: 25.62 m over couplers, bogie centres ~19 m (approximate)")
    public static let coach1520 = bogie(
        "coach1520", .wagon, gauge: 1520, length: 24.54, pivots: 17.00, bogie: [2.40],
        provenance: "61-4179 type passenger coach: 24.54 m over couplers, bogie centres 17.0 m, KVZ-TsNII bogies 2.4 m")
}

// MARK: - 1435 mm wagons (Y25 bogies, 1.80 m wheelbase, unless noted)

extension VehicleType {
    public static let eanos = bogie(
        "eanos", .wagon, gauge: 1435, length: 15.74, pivots: 10.50, bogie: [1.80],
        provenance: "Eanos open wagon: 15.74 m over buffers, pivots ~10.5 m (approximate), Y25 bogies 1.80 m")
    public static let sgns = bogie(
        "sgns", .wagon, gauge: 1435, length: 19.74, pivots: 14.20, bogie: [1.80],
        provenance: "Sgns 60 ft container flat: 19.74 m over buffers, pivots 14.2 m, Y25 bogies 1.80 m")
    public static let zacns = bogie(
        "zacns", .wagon, gauge: 1435, length: 15.50, pivots: 10.00, bogie: [1.80],
        provenance: "Zacns ~88 m3 tank: ~15.5 m over buffers, pivots ~10.0 m (approximate), Y25 bogies 1.80 m")
    public static let hbbins = twoAxle(
        "hbbins", .wagon, gauge: 1435, length: 15.90, wheelbase: 10.00,
        provenance: "Hbbins-tt 309 sliding-wall wagon: 15.90 m over buffers (DB Cargo catalogue), "
            + "wheelbase 10.0 m (approximate)")
    public static let gbs = twoAxle(
        "gbs", .wagon, gauge: 1435, length: 14.02, wheelbase: 8.00,
        provenance: "Gbs 254 covered wagon: 14.02 m over buffers, wheelbase 8.0 m (approximate)")
    public static let tdgns = twoAxle(
        "tdgns", .wagon, gauge: 1435, length: 9.64, wheelbase: 6.00,
        provenance: "Tdgns hopper with swivelling roof: UIC 571-3 two-axle hopper 9.64 m over buffers, "
            + "wheelbase 6.0 m (approximate for Tdgns)")
    public static let uicx = bogie(
        "uicx", .wagon, gauge: 1435, length: 26.40, pivots: 19.00, bogie: [2.50],
        provenance: "UIC-X coach: 26.4 m over buffers, bogie centres 19.0 m, Minden-Deutz bogies 2.5 m")
}

// MARK: - Locomotives

extension VehicleType {
    public static let te116 = bogie(
        "TE116", .locomotive, gauge: 1520, length: 18.15, pivots: 8.60, bogie: [1.85, 1.85],
        provenance: "TE116 Co-Co diesel: 18.15 m over couplers, bogie pivots 8.6 m, 3-axle bogies 1.85+1.85 m")
    public static let twoTE10 = bogie(
        "2TE10", .locomotive, gauge: 1520, length: 16.97, pivots: 8.60, bogie: [1.85, 1.85], sections: 2,
        provenance: "2TE10M two-section Co-Co diesel: 16.97 m per section over couplers, "
            + "bogie pivots 8.6 m (approximate), 3-axle bogies 1.85+1.85 m")
    public static let chme3 = bogie(
        "ChME3", .locomotive, gauge: 1520, length: 17.22, pivots: 8.60, bogie: [2.00, 2.00],
        provenance: "ChME3 Co-Co diesel shunter: 17.22 m over couplers, total wheelbase 12.6 m, "
            + "bogies 2.0+2.0 m (approximate)")
    public static let vl80 = bogie(
        "VL80", .locomotive, gauge: 1520, length: 16.42, pivots: 8.20, bogie: [3.00], sections: 2,
        provenance: "VL80S/VL80R two-section Bo-Bo electric: 16.42 m per section over couplers, "
            + "bogie wheelbase 3.0 m, pivots ~8.2 m (approximate)")
    public static let twoES6 = bogie(
        "2ES6", .locomotive, gauge: 1520, length: 16.99, pivots: 8.60, bogie: [2.90], sections: 2,
        provenance: "2ES6 Sinara two-section Bo-Bo DC electric: 33.98 m over both sections, "
            + "bogie wheelbase ~2.9 m, pivots ~8.6 m (approximate)")
    public static let g1206 = bogie(
        "G1206", .locomotive, gauge: 1435, length: 14.70, pivots: 7.00, bogie: [2.40],
        provenance: "Vossloh G1206 B'B' diesel-hydraulic: 14.70 m over buffers, "
            + "pivots ~7.0 m, bogie wheelbase ~2.4 m (approximate)")
    public static let class66 = bogie(
        "class66", .locomotive, gauge: 1435, length: 21.40, pivots: 13.14, bogie: [2.075, 2.075],
        provenance: "EMD JT42CWR (Class 66) Co-Co diesel: 21.4 m over buffers, 17.29 m between outer axles, "
            + "HTCR bogies 4.15 m, hence pivots 13.14 m")
    public static let vectron = bogie(
        "vectron", .locomotive, gauge: 1435, length: 18.98, pivots: 9.50, bogie: [3.00],
        provenance: "Siemens Vectron Bo'Bo' electric: 18.98 m over buffers, pivots 9.5 m, bogie wheelbase 3.0 m")
}
