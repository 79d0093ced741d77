import WagonReports
#if canImport(Glibc)
import Glibc
#endif

/// A progress line on standard error for long reads of logs, only on a
/// terminal: `wagonctl: replayed 4.2 M edges, 81 trains`.
struct ProgressLine {
    /// What the line says was done: `replayed`, `read`.
    let verb: String

    private let enabled = isatty(STDERR_FILENO) == 1
    private var edges = 0
    private var nextReport = 1 << 22
    private var shown = false

    init(verb: String) {
        self.verb = verb
    }

    mutating func advance(by count: Int, trains: Int) {
        edges += count
        guard enabled, edges >= nextReport else { return }
        nextReport += 1 << 22
        shown = true
        _ = writeAll("\rwagonctl: \(verb) \(Decimal.fixed(Double(edges) / 1e6, decimals: 1)) M edges, \(trains) trains",
                     to: STDERR_FILENO)
    }

    func clear() {
        guard shown else { return }
        _ = writeAll("\r\u{1B}[K", to: STDERR_FILENO)
    }
}
