import Logging

#if canImport(Glibc)
import Glibc
#endif

/// Log lines for journald or a terminal, on standard error. Under systemd
/// (`$JOURNAL_STREAM` set) each line starts with its syslog priority (`<4>`)
/// so `journalctl -p warning` works; otherwise a short level word. Metadata
/// follows as `key=value`. Callers never put secrets in messages or metadata.
public struct JournalLogHandler: LogHandler {
    public var logLevel: Logger.Level
    public var metadata: Logger.Metadata = [:]
    private let label: String
    private let journal: Bool

    public init(label: String, level: Logger.Level, journal: Bool) {
        self.label = label
        self.logLevel = level
        self.journal = journal
    }

    public subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    public func log(event: LogEvent) {
        var text = journal ? "<\(Self.priority(event.level))>" : Self.word(event.level) + ": "
        text += "\(event.message)"
        let merged = metadata.merging(event.metadata ?? [:]) { $1 }
        for key in merged.keys.sorted() { text += " \(key)=\(merged[key]!)" }
        text += "\n"
        let bytes = Array(text.utf8)
        bytes.withUnsafeBytes { raw in _ = write(STDERR_FILENO, raw.baseAddress, raw.count) }
    }

    static func priority(_ level: Logger.Level) -> Int {
        switch level {
        case .trace, .debug: 7
        case .info: 6
        case .notice: 5
        case .warning: 4
        case .error: 3
        case .critical: 2
        }
    }

    static func word(_ level: Logger.Level) -> String {
        switch level {
        case .trace: "trace"
        case .debug: "debug"
        case .info: "info"
        case .notice: "notice"
        case .warning: "warning"
        case .error: "error"
        case .critical: "critical"
        }
    }
}
