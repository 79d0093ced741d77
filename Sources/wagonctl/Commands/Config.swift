import ArgumentParser
import WagonConfig

/// `wagonctl config`: the site configuration.
struct Config: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Check the site configuration (wagond.toml).",
        subcommands: [ConfigCheck.self])
}

/// `wagonctl config check FILE`: everything wagond checks at start-up, and
/// the lines on this machine's GPIO chips.
struct ConfigCheck: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "check",
        abstract: "Check a site configuration as wagond would at start-up.",
        discussion: """
            Prints every error as FILE:LINE: message (in line order) and exits 78, \
            or prints 'FILE: ok (...)' and exits 0. Warnings (plain HTTP, metrics \
            open to the network...) go to standard error as FILE:LINE: warning: \
            message and do not fail the check. A file that cannot be read is 66.

            The detector lines are checked on this machine's GPIO chips when the \
            chips the configuration names are all here (on the box itself); \
            --hardware checks them anyway and fails on a missing chip; \
            --no-hardware never looks.
            """)

    @Argument(help: ArgumentHelp("The site configuration.", valueName: "file"))
    var file: String

    @Flag(name: .customLong("hardware"), inversion: .prefixedNo, exclusivity: .chooseLast,
          help: "Check the lines on this machine's GPIO chips (default: when the chips are here).")
    var hardware: Bool?

    @Option(name: .customLong("board-dir"), help: ArgumentHelp(
        "Also look for board profiles here, before the file's board_dirs (repeatable).", valueName: "dir"))
    var boardDirectories: [String] = []

    func run() throws {
        let site: SiteConfiguration
        do {
            site = try SiteConfiguration(contentsOf: file, options: .init(extraBoardDirectories: boardDirectories))
        } catch {
            throw reportFailure(error)
        }
        for warning in site.warnings { printError(warning.description) }

        let check = HardwareCheck(lines: site.lines, mode: hardware)
        for warning in check.warnings { printError(warning.description) }
        guard check.errors.isEmpty else {
            throw reportFailure(ConfigErrors(check.errors))
        }

        let points = site.points.count == 1 ? "1 point" : "\(site.points.count) points"
        let uplinks = site.uplinks.names.isEmpty ? "none" : site.uplinks.names.joined(separator: ", ")
        emit("\(file): ok (site \(site.site), \(points), uplinks: \(uplinks))")
        emit("lines: \(check.summary)")
    }
}
