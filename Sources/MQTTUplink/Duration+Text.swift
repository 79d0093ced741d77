extension Duration {
    /// Whole seconds, rounded down: what libmosquitto's keepalive takes.
    var wholeSeconds: Int64 { components.seconds }

    /// `10 s`, `1.5 s`, `250 ms`: how a technician reads a timeout in a reason.
    var shortText: String {
        let milliseconds = components.seconds * 1000 + components.attoseconds / 1_000_000_000_000_000
        if milliseconds < 1000 { return "\(milliseconds) ms" }
        let tenths = milliseconds / 100
        return tenths % 10 == 0 ? "\(tenths / 10) s" : "\(tenths / 10).\(tenths % 10) s"
    }
}
