/// Sizes in configuration files: `"512 MiB"`, `"2 GiB"`, `"1.5 GiB"`,
/// `"4096 B"`. Binary units only: `MB` is refused, because half the world
/// reads it as 10^6 and the other half as 2^20.
public enum ByteSize {
    static let units: [(name: String, factor: Int64)] = [
        ("B", 1), ("KiB", 1 << 10), ("MiB", 1 << 20), ("GiB", 1 << 30), ("TiB", 1 << 40),
    ]

    /// The number of bytes a size string says, or `nil`. A fraction must
    /// come out as whole bytes.
    public static func parse(_ text: String) -> Int64? {
        let bytes = Array(text.utf8)
        var index = 0
        var whole: Int64 = 0, digits = 0
        while index < bytes.count, bytes[index] >= UInt8(ascii: "0"), bytes[index] <= UInt8(ascii: "9") {
            let (times, overflow1) = whole.multipliedReportingOverflow(by: 10)
            let (sum, overflow2) = times.addingReportingOverflow(Int64(bytes[index] - UInt8(ascii: "0")))
            guard !overflow1, !overflow2 else { return nil }
            whole = sum
            digits += 1
            index += 1
        }
        guard digits > 0 else { return nil }
        var fraction: [Int64] = []
        if index < bytes.count, bytes[index] == UInt8(ascii: ".") {
            index += 1
            while index < bytes.count, bytes[index] >= UInt8(ascii: "0"), bytes[index] <= UInt8(ascii: "9") {
                guard fraction.count < 12 else { return nil }
                fraction.append(Int64(bytes[index] - UInt8(ascii: "0")))
                index += 1
            }
            guard !fraction.isEmpty else { return nil }
        }
        while index < bytes.count, bytes[index] == 0x20 { index += 1 }
        let unitName = String(decoding: bytes[index...], as: UTF8.self)
        guard let factor = units.first(where: { $0.name == unitName })?.factor else { return nil }
        let (scaled, overflow) = whole.multipliedReportingOverflow(by: factor)
        guard !overflow else { return nil }
        // The fraction times the factor, exactly: digits / 10^n * factor.
        var numerator: Int64 = 0, denominator: Int64 = 1
        for digit in fraction {
            numerator = numerator * 10 + digit
            denominator *= 10
        }
        let (part, overflow2) = numerator.multipliedReportingOverflow(by: factor)
        guard !overflow2, part % denominator == 0 else { return nil }
        let (total, overflow3) = scaled.addingReportingOverflow(part / denominator)
        return overflow3 ? nil : total
    }

    /// The largest unit that divides the size: `512 MiB`, `1536 KiB`, `100 B`.
    public static func format(_ bytes: Int64) -> String {
        guard bytes > 0 else { return "\(bytes) B" }
        for unit in units.reversed() where bytes % unit.factor == 0 {
            return "\(bytes / unit.factor) \(unit.name)"
        }
        return "\(bytes) B"
    }
}
