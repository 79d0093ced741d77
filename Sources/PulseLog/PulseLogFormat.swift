/// The kinds of edge file this module reads.
public enum PulseLogFormat: String, Sendable, CaseIterable, CustomStringConvertible {
    /// The native CSV pulse log (DESIGN.md).
    case native
    /// The text output of libgpiod's `gpiomon`, v1 or v2.
    case gpiomon
    /// A Value Change Dump from a logic analyser.
    case vcd

    public var description: String { rawValue }

    /// Tells the format from the first bytes of a file; `nil` when they look
    /// like none of them. Empty and blank leading lines are skipped.
    ///
    /// `#` or `t_ns,` or digits then `,`: native. `$`: VCD. `event:`,
    /// `Monitoring line`, digits then `.` or `-` (a UTC date): gpiomon.
    public static func detect(_ prefix: some Collection<UInt8>) -> PulseLogFormat? {
        let bytes = Array(prefix.prefix(4096))
        var i = 0
        while i < bytes.count && (ASCII.isSpace(bytes[i]) || bytes[i] == ASCII.newline || bytes[i] == ASCII.carriageReturn) {
            i += 1
        }
        guard i < bytes.count else { return nil }
        let rest = bytes[i...]
        func starts(_ text: String) -> Bool { rest.starts(with: text.utf8) }
        switch bytes[i] {
        case ASCII.hash: return .native
        case ASCII.dollar: return .vcd
        case _ where starts("t_ns,"): return .native
        case _ where starts("event:") || starts("Monitoring line"): return .gpiomon
        case _ where ASCII.isDigit(bytes[i]):
            var j = i
            while j < bytes.count && ASCII.isDigit(bytes[j]) { j += 1 }
            guard j < bytes.count else { return nil }
            switch bytes[j] {
            case ASCII.comma: return .native
            case ASCII.dot, UInt8(ascii: "-"): return .gpiomon
            default: return nil
            }
        default: return nil
        }
    }
}
