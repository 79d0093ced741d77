import CGPIOShim
#if canImport(Glibc)
import Glibc
#endif

/// What `gpioinfo` shows of a line.
public struct GPIOLineInfo: Sendable, Hashable {
    public var offset: Int
    public var name: String
    public var consumer: String
    public var used: Bool
    public var output: Bool
    public var activeLow: Bool
    public var bias: Bias
}

/// An open GPIO chip (`/dev/gpiochipN`).
public final class GPIOChip {
    public let path: String
    public let name: String
    public let label: String
    public let lineCount: Int
    let handle: OpaquePointer

    /// Opens a chip by path (`/dev/gpiochip0`), name (`gpiochip0`), number
    /// (`0`) or label (`pinctrl-bcm2711`), as libgpiod's tools accept them.
    public convenience init(_ chip: String) throws(GPIOError) {
        if chip.hasPrefix("/") {
            try self.init(path: chip)
        } else if let number = Int(chip) {
            try self.init(path: "/dev/gpiochip\(number)")
        } else if chip.hasPrefix("gpiochip") {
            try self.init(path: "/dev/" + chip)
        } else {
            // A label must name one chip: two boards' worth of the same USB
            // adapter would otherwise make the first one win, silently.
            let matches = Self.paths().filter { (try? GPIOChip(path: $0).label) == chip }
            guard let path = matches.first else {
                throw GPIOError(.misconfigured, "no GPIO chip labelled '\(chip)' (see wagonctl gpio list)", errno: ENOENT)
            }
            guard matches.count == 1 else {
                throw GPIOError(.misconfigured, "the label '\(chip)' names \(matches.count) chips ("
                    + matches.joined(separator: ", ") + "): name the chip by path, e.g. a udev symlink", errno: EINVAL)
            }
            try self.init(path: path)
        }
    }

    public init(path: String) throws(GPIOError) {
        guard let handle = cgpio_chip_open(path) else {
            throw GPIOError.system("cannot open \(path)")
        }
        var name = [CChar](repeating: 0, count: 64)
        var label = [CChar](repeating: 0, count: 64)
        var lines: UInt32 = 0
        guard cgpio_chip_info(handle, &name, name.count, &label, label.count, &lines) == 0 else {
            let error = GPIOError.system("cannot read chip info of \(path)")
            cgpio_chip_close(handle)
            throw error
        }
        self.path = path
        self.handle = handle
        self.name = cString(name)
        self.label = cString(label)
        self.lineCount = Int(lines)
    }

    deinit {
        cgpio_chip_close(handle)
    }

    /// Paths of all GPIO chips, in number order.
    public static func paths() -> [String] {
        guard let directory = opendir("/dev") else { return [] }
        defer { closedir(directory) }
        var numbers: [Int] = []
        while let entry = readdir(directory) {
            let name = withUnsafeBytes(of: entry.pointee.d_name) { cString(Array($0)) }
            if name.hasPrefix("gpiochip"), let number = Int(name.dropFirst("gpiochip".count)) { numbers.append(number) }
        }
        return numbers.sorted().map { "/dev/gpiochip\($0)" }
    }

    public func lineInfo(_ offset: Int) throws(GPIOError) -> GPIOLineInfo {
        var info = cgpio_line_info()
        guard cgpio_line_info_get(handle, UInt32(offset), &info) == 0 else {
            throw GPIOError.system("cannot read line \(offset) of \(name)")
        }
        let name = withUnsafeBytes(of: info.name) { cString(Array($0)) }
        let consumer = withUnsafeBytes(of: info.consumer) { cString(Array($0)) }
        return GPIOLineInfo(offset: offset, name: name, consumer: consumer, used: info.used != 0,
                            output: info.output != 0, activeLow: info.active_low != 0,
                            bias: Bias(shim: info.bias))
    }

    /// The offset of a line given by name or offset, checked against the chip.
    public func offset(of line: LineSelector) throws(GPIOError) -> Int {
        switch line {
        case .offset(let offset):
            guard offset < lineCount else {
                throw GPIOError(.misconfigured, "\(name) has no line \(offset) (it has \(lineCount))", errno: EINVAL)
            }
            return offset
        case .name(let lineName):
            let offset = cgpio_chip_find_line(handle, lineName)
            guard offset >= 0 else {
                throw GPIOError(.misconfigured, "\(name) (\(label)) has no line named '\(lineName)'", errno: ENOENT)
            }
            return Int(offset)
        }
    }
}

extension Bias {
    init(shim value: Int32) {
        switch value {
        case Int32(CGPIO_BIAS_DISABLED.rawValue): self = .disabled
        case Int32(CGPIO_BIAS_PULL_UP.rawValue): self = .pullUp
        case Int32(CGPIO_BIAS_PULL_DOWN.rawValue): self = .pullDown
        default: self = .asIs
        }
    }

    var shim: Int32 {
        switch self {
        case .asIs: Int32(CGPIO_BIAS_AS_IS.rawValue)
        case .disabled: Int32(CGPIO_BIAS_DISABLED.rawValue)
        case .pullUp: Int32(CGPIO_BIAS_PULL_UP.rawValue)
        case .pullDown: Int32(CGPIO_BIAS_PULL_DOWN.rawValue)
        }
    }
}

/// The text of a NUL-terminated C character array.
func cString<Byte: BinaryInteger>(_ bytes: [Byte]) -> String {
    String(decoding: bytes.prefix { $0 != 0 }.map { UInt8(truncatingIfNeeded: $0) }, as: UTF8.self)
}

/// The libgpiod API this build uses (1 or 2).
public var libgpiodAPIVersion: Int { Int(cgpio_api_version()) }
