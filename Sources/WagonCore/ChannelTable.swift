/// Maps channel names of the pulse-log contract to detectors.
///
/// A single counting point uses channels `A` and `B`; several points use
/// `<point>.A` and `<point>.B` (for example `east.A`). Points get indices in
/// the order they are first seen, unless they were declared up front.
public struct ChannelTable: Sendable, Equatable {
    /// Point names in index order; the unnamed single point is `""`.
    public private(set) var pointNames: [String]

    public init(pointNames: [String] = []) {
        self.pointNames = pointNames
    }

    /// The detector for a channel name, registering a new counting point when
    /// the name is well formed but unseen. `nil` when the name is malformed.
    public mutating func detector(forChannel name: some StringProtocol) -> Detector? {
        guard let (point, side) = Self.split(name) else { return nil }
        if let index = pointNames.firstIndex(of: point) {
            return Detector(point: index, side: side)
        }
        pointNames.append(point)
        return Detector(point: pointNames.count - 1, side: side)
    }

    /// The detector for a name, without registering anything.
    public func existingDetector(forChannel name: some StringProtocol) -> Detector? {
        guard let (point, side) = Self.split(name),
              let index = pointNames.firstIndex(of: point) else { return nil }
        return Detector(point: index, side: side)
    }

    /// The channel name of a detector, as written in pulse logs.
    public func channelName(of detector: Detector) -> String {
        let point = detector.point < pointNames.count ? pointNames[detector.point] : "\(detector.point)"
        return point.isEmpty ? detector.side.letter : "\(point).\(detector.side.letter)"
    }

    /// The display name of a counting point (`"-"` for the unnamed one).
    public func pointName(_ index: Int) -> String {
        guard index < pointNames.count else { return "\(index)" }
        return pointNames[index].isEmpty ? "-" : pointNames[index]
    }

    /// Splits `A`, `B`, `east.A` into point name and side. Point names are
    /// letters, digits, `_` and `-`.
    static func split(_ name: some StringProtocol) -> (String, Side)? {
        let utf8 = Array(name.utf8)
        guard let last = utf8.last else { return nil }
        let side: Side
        switch last {
        case UInt8(ascii: "A"): side = .a
        case UInt8(ascii: "B"): side = .b
        default: return nil
        }
        if utf8.count == 1 { return ("", side) }
        guard utf8.count >= 3, utf8[utf8.count - 2] == UInt8(ascii: ".") else { return nil }
        let point = utf8[..<(utf8.count - 2)]
        for byte in point {
            let ok = (byte >= 0x30 && byte <= 0x39) || (byte >= 0x41 && byte <= 0x5A)
                || (byte >= 0x61 && byte <= 0x7A) || byte == UInt8(ascii: "_") || byte == UInt8(ascii: "-")
            if !ok { return nil }
        }
        return (String(decoding: point, as: UTF8.self), side)
    }
}
