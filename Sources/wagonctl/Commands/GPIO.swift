import ArgumentParser
import GPIOInput
import WagonReports

/// `wagonctl gpio`: the GPIO chips and lines, as libgpiod's tools show them.
struct GPIO: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "gpio",
        abstract: "Inspect GPIO chips and watch detector lines.",
        subcommands: [GPIOList.self, GPIOMonitor.self]
    )
}

/// `wagonctl gpio list`: chips, lines, names and who holds them (as `gpioinfo`).
struct GPIOList: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "list",
        abstract: "List GPIO chips and their lines, as gpioinfo does.")

    @Argument(help: ArgumentHelp("Chips to list (path, name, number or label); all when none.", valueName: "chip"))
    var chips: [String] = []

    func run() throws {
        do {
            let paths = chips.isEmpty ? GPIOChip.paths() : []
            let opened = try chips.isEmpty ? paths.map { path throws(GPIOError) in try GPIOChip(path: path) }
                : chips.map { spec throws(GPIOError) in try GPIOChip(spec) }
            if opened.isEmpty {
                printError("wagonctl: no GPIO chips found (is gpiolib in the kernel, and may this user open /dev/gpiochip*?)")
                throw ExitCode(ExitStatus.noInput)
            }
            for chip in opened {
                emit("\(chip.name) [\(chip.label)] - \(chip.lineCount) lines:")
                for offset in 0..<chip.lineCount {
                    let line = try chip.lineInfo(offset)
                    emit(Self.row(line))
                }
            }
        } catch let error as GPIOError {
            throw reportFailure(error)
        }
    }

    static func row(_ line: GPIOLineInfo) -> String {
        let name = line.name.isEmpty ? "unnamed" : "\"\(line.name)\""
        let consumer = line.used ? (line.consumer.isEmpty ? "kernel" : "\"\(line.consumer)\"") : "unused"
        var flags: [String] = []
        if line.bias != .asIs { flags.append(line.bias.rawValue) }
        if line.used { flags.append("used") }
        return "\tline \(TrainTable.pad(String(line.offset), 3, right: true)): \(TrainTable.pad(name, 14)) \(TrainTable.pad(consumer, 14)) "
            + "\(line.output ? "output" : "input ") \(line.activeLow ? "active-low " : "active-high")"
            + (flags.isEmpty ? "" : " [\(flags.joined(separator: " "))]")
    }
}
