import WagonCore

/// Direction of travel over a counting point (DESIGN.md, "Direction").
public enum TravelDirection: String, Sendable, Hashable, CaseIterable, CustomStringConvertible {
    /// Towards +x: A is reached first.
    case ab = "AB"
    /// Towards −x: B is reached first.
    case ba = "BA"

    public var opposite: TravelDirection { self == .ab ? .ba : .ab }
    /// The detector a train travelling this way reaches first.
    public var firstSide: Side { self == .ab ? .a : .b }
    public var description: String { rawValue }
}
