#if canImport(Glibc)
import Glibc
#endif

extension GPIOChip {
    /// The one chip with a line named `name`, searched on every chip as
    /// `gpiofind` does. Boards such as the BeagleBone Black spread their
    /// header over several banks labelled in probe order, so a line name is
    /// the stable handle. A name on no chip, or on several, is an error.
    public static func locate(lineNamed name: String,
                              among paths: [String] = GPIOChip.paths()) throws(GPIOError) -> (chip: GPIOChip, offset: Int) {
        var hits: [(chip: GPIOChip, offset: Int)] = []
        var unreadable: [String] = []
        for path in paths {
            let chip: GPIOChip
            do {
                chip = try GPIOChip(path: path)
            } catch {
                unreadable.append(error.message)
                continue
            }
            if let offset = try? chip.offset(of: .name(name)) { hits.append((chip, offset)) }
        }
        let index = try choose(lineNamed: name, on: hits.map { "\($0.chip.name) [\($0.chip.label)]" },
                               unreadable: unreadable)
        return hits[index]
    }

    /// Which of the chips that carry a line named `name` to use: exactly one
    /// must (apart from the search, so its errors are testable without GPIO).
    static func choose(lineNamed name: String, on chips: [String], unreadable: [String] = []) throws(GPIOError) -> Int {
        guard !chips.isEmpty else {
            // A chip this user may not open could hold it: say so.
            let also = unreadable.isEmpty ? "" : "; " + unreadable.joined(separator: "; ")
            throw GPIOError(.misconfigured, "no GPIO chip has a line named '\(name)' (see wagonctl gpio list)\(also)",
                            errno: ENOENT)
        }
        guard chips.count == 1 else {
            throw GPIOError(.misconfigured, "the line name '\(name)' is on \(chips.count) chips ("
                + chips.joined(separator: ", ") + "): give the line's chip", errno: EINVAL)
        }
        return 0
    }
}

extension DetectorLine {
    /// The chip and offset of this line: on its own chip, else on
    /// `defaultChip`, else on the one chip that has a line of its name.
    public func locate(defaultChip: String?) throws(GPIOError) -> (chip: GPIOChip, offset: Int) {
        if let spec = chip ?? defaultChip {
            let chip = try GPIOChip(spec)
            return (chip, try chip.offset(of: line))
        }
        switch line {
        case .name(let name):
            return try GPIOChip.locate(lineNamed: name)
        case .offset(let offset):
            throw GPIOError(.misconfigured, "'\(channel)' is line \(offset), an offset, which needs a chip", errno: EINVAL)
        }
    }
}
