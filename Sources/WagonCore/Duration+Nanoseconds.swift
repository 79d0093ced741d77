extension Duration {
    /// Whole nanoseconds, as the core counts time; saturating at the ends
    /// of `Int64` (a timeout of "forever" stays forever, never traps).
    public var nanoseconds: Nanoseconds {
        let (seconds, attoseconds) = components
        let (product, overflow) = seconds.multipliedReportingOverflow(by: 1_000_000_000)
        if overflow { return seconds < 0 ? .min : .max }
        let (total, overflowed) = product.addingReportingOverflow(attoseconds / 1_000_000_000)
        return overflowed ? .max : total
    }
}
