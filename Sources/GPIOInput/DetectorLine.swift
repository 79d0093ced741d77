import WagonCore

/// A GPIO line, by the name the kernel gives it (`GPIO17`) or by offset.
public enum LineSelector: Sendable, Hashable, CustomStringConvertible {
    case name(String)
    case offset(Int)

    /// `17` is an offset; anything else is a name.
    public init(_ text: String) {
        if let offset = Int(text), offset >= 0 { self = .offset(offset) } else { self = .name(text) }
    }

    public var description: String {
        switch self {
        case .name(let name): name
        case .offset(let offset): String(offset)
        }
    }
}

public enum Bias: String, Sendable, Hashable, CaseIterable {
    case asIs = "as-is"
    case disabled
    case pullUp = "pull-up"
    case pullDown = "pull-down"
}

/// One detector wired to one line, as a site's configuration says.
public struct DetectorLine: Sendable, Hashable {
    /// The pulse-log channel: `A`, `B`, `east.A`...
    public var channel: String
    public var line: LineSelector
    /// The line's chip (path, name, number or label); `nil`: the reader's
    /// chip, or with none the one chip that has a line of this name. Each
    /// line may be on a chip of its own.
    public var chip: String?
    /// The sensor pulls the line low when a wheel is over it (optocoupler
    /// inputs usually do); edges are inverted before they leave the reader.
    public var activeLow: Bool
    public var bias: Bias
    /// Kernel debounce (libgpiod v2 only; v1 ignores it), microseconds.
    public var debounceMicroseconds: Int

    public init(channel: String, line: LineSelector, activeLow: Bool = false, bias: Bias = .asIs,
                debounceMicroseconds: Int = 0, chip: String? = nil) {
        self.channel = channel
        self.line = line
        self.chip = chip
        self.activeLow = activeLow
        self.bias = bias
        self.debounceMicroseconds = debounceMicroseconds
    }
}
