import WagonCore

extension Duration {
    /// Whole nanoseconds, saturating (a timeout of "forever" stays large).
    var nanoseconds: Nanoseconds {
        let (seconds, attoseconds) = components
        guard seconds < Int64.max / 1_000_000_000 else { return .max / 2 }
        return seconds * 1_000_000_000 + attoseconds / 1_000_000_000
    }
}
