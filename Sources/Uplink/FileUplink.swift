import EventStore

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Delivers to a local file (or standard output), one CloudEvent per line:
/// the demo's backend, and a way to hand a box's data over on a USB stick.
/// A delivery counts once the lines are written and synced.
public struct FileUplink: Uplink {
    public let name: String
    public let path: String
    public let source: String

    /// `path` "-" is standard output.
    public init(path: String, source: String, name: String = "file") {
        self.path = path
        self.source = source
        self.name = name
    }

    public func deliver(_ batch: [StoredEvent]) async -> DeliveryOutcome {
        var text = ""
        for event in batch { text += CloudEvents.structured(event, source: source) + "\n" }
        let descriptor = path == "-" ? STDOUT_FILENO : open(path, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0o644)
        guard descriptor >= 0 else { return .retry(after: nil, reason: "cannot open \(path): \(Self.errorText())") }
        defer { if path != "-" { close(descriptor) } }
        guard Self.writeAll(descriptor, Array(text.utf8)) else { return .retry(after: nil, reason: "cannot write \(path): \(Self.errorText())") }
        if path != "-", fsync(descriptor) != 0 {
            return .retry(after: nil, reason: "cannot sync \(path): \(Self.errorText())")
        }
        return .delivered
    }

    public func shutdown() async {}

    private static func writeAll(_ descriptor: Int32, _ bytes: [UInt8]) -> Bool {
        bytes.withUnsafeBytes { raw in
            var offset = 0
            while offset < raw.count {
                let count = write(descriptor, raw.baseAddress! + offset, raw.count - offset)
                if count < 0 {
                    if errno == EINTR { continue }
                    return false
                }
                offset += count
            }
            return true
        }
    }

    private static func errorText() -> String { String(cString: strerror(errno)) }
}
