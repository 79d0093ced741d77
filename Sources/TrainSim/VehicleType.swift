/// One type of rolling stock: its length and where its axles are.
///
/// Axle offsets are measured from the vehicle's front coupling plane (the
/// coupler knuckle for 1520 mm automatic couplers, the buffer faces for 1435 mm
/// screw couplings), increasing towards the rear. A multi-section locomotive
/// (2TE10, VL80, 2ES6) is one *unit* of `sections` identical vehicles; the
/// length and offsets here are those of one section.
public struct VehicleType: Sendable, Hashable, CustomStringConvertible {
    public enum Kind: String, Sendable, Hashable {
        case locomotive
        /// Anything not classified as a locomotive, passenger coaches included.
        case wagon
    }

    /// Short id used in the consist syntax, matched case-insensitively.
    public var name: String
    public var kind: Kind
    /// Track gauge in millimetres (1520 or 1435).
    public var gauge: Int
    /// Length over couplers (1520 mm) or over buffers (1435 mm) of one section, m.
    public var length: Double
    /// Axle positions from the front coupling plane of one section, m.
    public var axleOffsets: [Double]
    /// Vehicles one unit expands into (1 for everything but multi-section locomotives).
    public var sections: Int
    /// Where the numbers come from, and how sure we are of them.
    public var provenance: String

    public init(
        name: String, kind: Kind, gauge: Int, length: Double, axleOffsets: [Double],
        sections: Int = 1, provenance: String = ""
    ) {
        precondition(!name.isEmpty, "a vehicle type needs a name")
        precondition(length > 0, "a vehicle must have a positive length")
        precondition(!axleOffsets.isEmpty, "a vehicle needs at least one axle")
        precondition(zip(axleOffsets, axleOffsets.dropFirst()).allSatisfy { $0 < $1 },
                     "axle offsets must increase towards the rear")
        precondition(axleOffsets.first! >= 0 && axleOffsets.last! <= length,
                     "axles must lie between the coupling planes")
        precondition(sections >= 1, "a unit has at least one section")
        self.name = name
        self.kind = kind
        self.gauge = gauge
        self.length = length
        self.axleOffsets = axleOffsets
        self.sections = sections
        self.provenance = provenance
    }

    /// A vehicle on two bogies placed symmetrically.
    ///
    /// - Parameters:
    ///   - pivots: distance between the bogie centres (the wagon's "base"), m.
    ///   - bogie: distances between consecutive axles of one bogie, front to
    ///     rear: `[1.85]` for a two-axle bogie, `[1.85, 1.85]` for a three-axle one.
    public static func bogie(
        _ name: String, _ kind: Kind, gauge: Int, length: Double, pivots: Double, bogie: [Double],
        sections: Int = 1, provenance: String
    ) -> VehicleType {
        let wheelbase = bogie.reduce(0, +)
        var inBogie = [-wheelbase / 2]
        for step in bogie { inBogie.append(inBogie.last! + step) }
        let frontPivot = (length - pivots) / 2
        let offsets = inBogie.map { frontPivot + $0 } + inBogie.map { frontPivot + pivots + $0 }
        return VehicleType(name: name, kind: kind, gauge: gauge, length: length, axleOffsets: offsets,
                           sections: sections, provenance: provenance)
    }

    /// A two-axle vehicle with its axles placed symmetrically.
    public static func twoAxle(
        _ name: String, _ kind: Kind, gauge: Int, length: Double, wheelbase: Double, provenance: String
    ) -> VehicleType {
        let front = (length - wheelbase) / 2
        return VehicleType(name: name, kind: kind, gauge: gauge, length: length,
                           axleOffsets: [front, front + wheelbase], provenance: provenance)
    }

    /// Axles of one section.
    public var axleCount: Int { axleOffsets.count }

    /// Distance from the front coupling plane to the first axle.
    public var frontOverhang: Double { axleOffsets.first! }

    /// Distance from the last axle to the rear coupling plane.
    public var rearOverhang: Double { length - axleOffsets.last! }

    public var description: String { name }
}
