/// An ordered list of vehicles, front first, with the axle offsets of the
/// whole train from its front coupling plane (increasing towards the rear).
///
/// Built from units: a multi-section locomotive unit expands into one vehicle
/// per section, so `Consist([.twoTE10])` has two vehicles and twelve axles.
public struct Consist: Sendable, Hashable, CustomStringConvertible {
    /// One vehicle of the train.
    public struct Vehicle: Sendable, Hashable {
        public var type: VehicleType
        /// 0 for single-section units; the section index within a multi-section unit.
        public var section: Int
        /// Offset of the vehicle's front coupling plane from the train's front, m.
        public var front: Double
        /// Indices of its axles in `Consist.axleOffsets`.
        public var axles: Range<Int>

        public var kind: VehicleType.Kind { type.kind }
    }

    /// The units as given (one entry per locomotive unit or wagon).
    public private(set) var units: [VehicleType]
    public private(set) var vehicles: [Vehicle]
    /// Offsets of every axle from the train's front coupling plane, m.
    public private(set) var axleOffsets: [Double]
    /// For each axle, the index of its vehicle in `vehicles`.
    public private(set) var axleVehicles: [Int]
    /// Length over couplers or buffers of the whole train, m.
    public private(set) var length: Double

    public init(_ units: [VehicleType]) {
        precondition(!units.isEmpty, "a consist needs at least one vehicle")
        self.units = units
        vehicles = []
        axleOffsets = []
        axleVehicles = []
        length = 0
        for unit in units {
            for section in 0..<unit.sections {
                let first = axleOffsets.count
                axleOffsets.append(contentsOf: unit.axleOffsets.map { length + $0 })
                axleVehicles.append(contentsOf: repeatElement(vehicles.count, count: unit.axleCount))
                vehicles.append(Vehicle(type: unit, section: section, front: length,
                                        axles: first..<axleOffsets.count))
                length += unit.length
            }
        }
    }

    public var axleCount: Int { axleOffsets.count }
    public var locomotives: Int { vehicles.count { $0.kind == .locomotive } }
    public var wagons: Int { vehicles.count { $0.kind == .wagon } }

    /// The consist in the syntax `Consist(parsing:)` reads, runs of equal
    /// units collapsed: `2xTE116,65xgondola`. It reads back as the same
    /// units.
    public var description: String {
        var parts: [String] = []
        var index = 0
        while index < units.count {
            var end = index + 1
            // Runs longer than one entry may count are split, so that the
            // text always reads back.
            while end < units.count && end - index < Self.maxCount && units[end] == units[index] { end += 1 }
            let run = end - index
            parts.append(run == 1 ? units[index].name : "\(run)x\(units[index].name)")
            index = end
        }
        return parts.joined(separator: ",")
    }
}
