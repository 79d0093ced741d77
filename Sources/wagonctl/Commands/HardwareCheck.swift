import GPIOInput
import WagonConfig

/// The configured detector lines against this machine's GPIO chips: each
/// chip found (exactly one per label), each line on it, no line twice
/// however it is spelt. Errors point at the key that named the chip or line.
struct HardwareCheck {
    private(set) var errors: [ConfigError] = []
    private(set) var warnings: [ConfigWarning] = []
    /// One line for the report: what was checked, or why not.
    private(set) var summary = ""

    /// `mode`: `true` always checks (a missing chip is an error), `false`
    /// never, `nil` checks when every chip the lines name is here.
    init(lines: [ConfiguredLine], mode: Bool?) {
        if mode == false {
            summary = "not checked (--no-hardware)"
            return
        }
        let chips = GPIOChip.paths().compactMap { try? GPIOChip(path: $0) }
        if mode == nil {
            if lines.contains(where: { $0.chip == nil }) {
                summary = "not checked: found by name on any chip (--hardware checks them here)"
                return
            }
            let absent = Set(lines.compactMap { $0.chip?.value }).sorted().filter { Self.find($0, in: chips).isEmpty }
            if !absent.isEmpty {
                summary = "not checked: no chip \(absent.joined(separator: ", ")) here (--hardware checks anyway)"
                return
            }
        }
        var first: [String: ConfiguredLine] = [:]
        var reportedChips: Set<String> = []
        var found: [String: Int] = [:]
        for line in lines {
            guard let (chip, offset) = locate(line, chips: chips, reportedChips: &reportedChips) else { continue }
            let key = "\(chip.path)/\(offset)"
            if let earlier = first[key] {
                errors.append(ConfigError(.hardware, at: line.siteLocation,
                                          "\(line.detectorName) uses line \(offset) of \(chip.name), as "
                                              + "\(earlier.detectorName) does (line \(earlier.siteLocation.line))"))
                continue
            }
            first[key] = line
            found["\(chip.name) [\(chip.label)]", default: 0] += 1
            if let info = try? chip.lineInfo(offset), info.used, !info.consumer.hasPrefix("wagon") {
                let holder = info.consumer.isEmpty ? "another program" : "'\(info.consumer)'"
                warnings.append(ConfigWarning(at: line.line.location,
                                              "line \(line.line.value) (\(chip.name) \(offset)) is in use by \(holder)"))
            }
        }
        let total = found.values.reduce(0, +)
        summary = "\(total) of \(lines.count) found on \(found.keys.sorted().joined(separator: ", "))"
        if found.isEmpty { summary = "0 of \(lines.count) found" }
    }

    /// The chip and offset of one line, or `nil` after recording why not.
    private mutating func locate(_ line: ConfiguredLine, chips: [GPIOChip],
                                 reportedChips: inout Set<String>) -> (GPIOChip, Int)? {
        let selector: LineSelector = switch line.line.value {
        case .name(let name): .name(name)
        case .offset(let offset): .offset(offset)
        }
        guard let chipValue = line.chip else {
            guard case .name(let name) = line.line.value else { return nil }
            let hits = chips.compactMap { chip in (try? chip.offset(of: selector)).map { (chip, $0) } }
            switch hits.count {
            case 1:
                return hits[0]
            case 0:
                errors.append(ConfigError(.hardware, at: line.line.location,
                                          "line '\(name)' not found on any chip (see wagonctl gpio list)"))
            default:
                errors.append(ConfigError(.hardware, at: line.line.location,
                                          "line '\(name)' is on several chips (\(hits.map(\.0.name).joined(separator: ", "))): set chip"))
            }
            return nil
        }
        let candidates = Self.find(chipValue.value, in: chips)
        guard candidates.count == 1 else {
            if reportedChips.insert(chipValue.value).inserted {
                let message = candidates.isEmpty
                    ? "chip '\(chipValue.value)' not found on this machine (see wagonctl gpio list)"
                    : "\(candidates.count) chips carry the label '\(chipValue.value)' (\(candidates.map(\.name).joined(separator: ", "))): name one by path"
                errors.append(ConfigError(.hardware, at: chipValue.location, message))
            }
            return nil
        }
        let chip = candidates[0]
        do {
            return (chip, try chip.offset(of: selector))
        } catch {
            let message = switch line.line.value {
            case .name(let name): "line '\(name)' not found on chip \(chipValue.value)"
            case .offset(let offset): "line \(offset) not found on chip \(chipValue.value) (it has \(chip.lineCount) lines)"
            }
            errors.append(ConfigError(.hardware, at: line.line.location, message))
            return nil
        }
    }

    /// The chips a `chip` value names, read as libgpiod's `-c` reads it.
    static func find(_ value: String, in chips: [GPIOChip]) -> [GPIOChip] {
        switch ChipReference(value) {
        case .path(let path):
            if let chip = try? GPIOChip(path: path) { return [chip] }
            return []
        case .number(let number):
            return chips.filter { $0.path == "/dev/gpiochip\(number)" }
        case .name(let name):
            return chips.filter { $0.name == name }
        case .label(let label):
            return chips.filter { $0.label == label }
        }
    }
}
