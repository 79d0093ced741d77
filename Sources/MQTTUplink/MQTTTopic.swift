import EventStore

/// The topic scheme, a contract with subscribers (docs/mqtt-uplink.md):
/// events on `<prefix>/<site>/<point>/<event-type>`, the box's retained
/// status on `<prefix>/<site>/status`; the prefix is `wagond` by default.
public enum MQTTTopic {
    public static let root = "wagond"
    /// Our CloudEvents types all start so; the topic drops it.
    static let typePrefix = "org.wagond."
    /// The point level of events that belong to no counting point.
    public static let boxPoint = "box"

    /// `<prefix>/<site>/<point>/<event-type>`: point is the event's subject
    /// (`box` without one), the type loses its `org.wagond.` prefix. The
    /// prefix may have levels of its own (`railco/east`); the configuration
    /// checks it, so it is used as given.
    public static func event(_ event: StoredEvent, site: String, prefix: String = root) -> String {
        let type = event.type.hasPrefix(typePrefix) ? String(event.type.dropFirst(typePrefix.count)) : event.type
        return prefix + "/" + [site, event.subject ?? boxPoint, type].map(level).joined(separator: "/")
    }

    /// `<prefix>/<site>/status`.
    public static func status(site: String, prefix: String = root) -> String {
        prefix + "/" + [site, "status"].map(level).joined(separator: "/")
    }

    /// One topic level as given, but never a wildcard, a separator, a control
    /// character (the broker refuses those, or a subscriber would match the
    /// wrong thing) or empty: each offending character becomes `_`.
    public static func level(_ text: String) -> String {
        guard !text.isEmpty else { return "_" }
        var out = String.UnicodeScalarView()
        for scalar in text.unicodeScalars {
            switch scalar {
            case "+", "#", "/", "\u{0}"..."\u{1F}", "\u{7F}"..."\u{9F}": out.append("_")
            default: out.append(scalar)
            }
        }
        return String(out)
    }
}
