/// Numbers for people, without Foundation.
public enum Format {
    /// `1234567` is `1,234,567`.
    public static func grouped(_ value: Int) -> String {
        let digits = String(value.magnitude)
        var out = ""
        for (index, digit) in digits.enumerated() {
            if index > 0, (digits.count - index) % 3 == 0 { out += "," }
            out.append(digit)
        }
        return (value < 0 ? "-" : "") + out
    }

    /// `decimal(3.14159, 2)` is `3.14`.
    public static func decimal(_ value: Double, _ places: Int) -> String {
        guard value.isFinite else { return String(value) }
        var scale = 1.0
        for _ in 0..<places { scale *= 10 }
        let scaled = Int((value.magnitude * scale).rounded())
        let whole = scaled / Int(scale)
        let fraction = scaled % Int(scale)
        var text = grouped(whole)
        if places > 0 {
            let digits = String(fraction)
            text += "." + String(repeating: "0", count: places - digits.count) + digits
        }
        return (value < 0 && scaled != 0 ? "-" : "") + text
    }

    /// A rate with a sensible number of digits: `12,345/s` or `4.56/s`.
    public static func rate(_ count: Int, _ seconds: Double) -> String {
        let rate = Double(count) / seconds
        return rate >= 100 ? grouped(Int(rate.rounded())) : decimal(rate, 2)
    }

    public static func milliseconds(_ seconds: Double) -> String {
        let ms = seconds * 1000
        return decimal(ms, ms >= 100 ? 0 : ms >= 10 ? 1 : 2) + " ms"
    }

    /// Bytes in MiB with one decimal.
    public static func mebibytes(_ bytes: Int) -> String {
        decimal(Double(bytes) / 1_048_576, 1) + " MiB"
    }

    public static func percent(_ part: Double, of whole: Double) -> String {
        decimal(whole > 0 ? 100 * part / whole : 0, 0) + "%"
    }
}
