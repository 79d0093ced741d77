/// A GPIO line as a configuration names it: by the name the kernel gives it
/// (`GPIO17`) or by offset on its chip. (GPIOInput's `LineSelector` says the
/// same; this module stays free of libgpiod.)
public enum LineReference: Sendable, Hashable, CustomStringConvertible {
    case name(String)
    case offset(Int)

    /// `'GPIO17'` or `17`, as messages write them.
    public var description: String {
        switch self {
        case .name(let name): "'\(name)'"
        case .offset(let offset): String(offset)
        }
    }

    /// Longest line name the kernel reports (GPIO_MAX_NAME_SIZE less the NUL).
    public static let maximumNameLength = 31
    public static let maximumOffset: Int64 = 65_535
}

/// The bias wagond requests on a detector line; `as-is` leaves the chip's
/// setting alone.
public enum LineBias: String, Sendable, Hashable, CaseIterable {
    case pullUp = "pull-up"
    case pullDown = "pull-down"
    case disabled
    case asIs = "as-is"
}

/// What wagond logs: swift-log's levels.
public enum LogLevel: String, Sendable, Hashable, CaseIterable {
    case trace, debug, info, notice, warning, error, critical
}

/// How a `chip` value is read, the way libgpiod's `-c` reads it.
public enum ChipReference: Sendable, Hashable {
    /// Starts with `/`: `/dev/gpiochip0`, or a udev symlink to one.
    case path(String)
    /// Digits only: `/dev/gpiochipN`.
    case number(Int)
    /// `gpiochipN`.
    case name(String)
    /// Anything else: the label exactly one chip must carry.
    case label(String)

    public init(_ text: String) {
        if text.hasPrefix("/") {
            self = .path(text)
        } else if !text.isEmpty, text.utf8.allSatisfy({ $0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "9") }),
                  let number = Int(text) {
            self = .number(number)
        } else if text.hasPrefix("gpiochip"), text.count > 8,
                  text.utf8.dropFirst(8).allSatisfy({ $0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "9") }) {
            self = .name(text)
        } else {
            self = .label(text)
        }
    }

    public var isLabel: Bool {
        if case .label = self { true } else { false }
    }
}

extension Section {
    /// A line: a name (a string of digits is an offset, as libgpiod's tools
    /// read it) or an integer offset.
    func line(_ key: String) -> Located<LineReference>? {
        guard let entry = table[key] else { return nil }
        let requirement = "a line name (a string) or an offset (an integer)"
        let line: LineReference
        switch entry.value {
        case .integer(let offset):
            guard (0...LineReference.maximumOffset).contains(offset) else {
                invalid(entry, "an offset between 0 and \(format(LineReference.maximumOffset))", got: format(offset))
                return nil
            }
            line = .offset(Int(offset))
        case .string(let name):
            if !name.isEmpty, name.utf8.allSatisfy({ $0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "9") }) {
                guard let offset = Int(name), offset <= LineReference.maximumOffset else {
                    invalid(entry, "an offset between 0 and \(format(LineReference.maximumOffset))", got: quoted(name))
                    return nil
                }
                line = .offset(offset)
            } else {
                guard !name.isEmpty, name.utf8.count <= LineReference.maximumNameLength, !name.utf8.contains(0) else {
                    invalid(entry, "a line name of 1 to \(LineReference.maximumNameLength) bytes (the kernel's limit)",
                            got: quoted(name))
                    return nil
                }
                line = .name(name)
            }
        default:
            wrongType(entry, requirement)
            return nil
        }
        return Located(line, at: location(of: key))
    }

    /// A chip: path, number, `gpiochipN` or label; profiles take labels only.
    func chip(_ key: String, labelOnly: Bool = false) -> Located<String>? {
        guard let text = string(key, "a chip path, number, name or label", where: { !$0.isEmpty && !$0.utf8.contains(0) })
        else { return nil }
        if labelOnly, !ChipReference(text).isLabel {
            invalid(table[key]!, "a chip label in a board profile (numbers, names and paths change between kernels)",
                    got: quoted(text))
            return nil
        }
        return Located(text, at: location(of: key))
    }
}
