import ArgumentParser
import EventStore
import HTTPUplink
import Logging
import Uplink
import WagonCore
import WagonDaemon

#if canImport(Glibc)
import Glibc
#endif

/// The trackside daemon. `@main` with an async `run`, not top-level code:
/// see SWIFT-NOTES (top-level code is main-actor code).
@main
struct WagonD: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "wagond",
        abstract: "Count trains, axles and wagons at a trackside box and report them.",
        discussion: """
            wagond reads double wheel sensors through GPIO, counts every train and \
            keeps each report in a durable outbox until its uplinks have delivered it.

            wagond --demo runs the whole daemon with simulated trains and no hardware: \
            outbox and uploads under ./wagond-data, trains in the log within seconds.
            """)

    @Flag(help: "Run on simulated trains with the embedded demo configuration (no hardware, no config file).")
    var demo = false

    @OptionGroup var simulation: SimulationOptions

    @Option(name: .customLong("data-dir"), help: "Demo: where the outbox and uploads go.")
    var dataDirectory = "./wagond-data"

    @Option(help: ArgumentHelp(
        "Demo: where events are uploaded: an http(s):// URL, a file, or - for standard output.",
        valueName: "url|file|-"))
    var upload: String?

    @Option(help: "Log level: trace, debug, info, notice, warning, error, critical.")
    var logLevel: Logger.Level = .info

    func run() async throws {
        let journal = ProcessEnvironment.current["JOURNAL_STREAM"] != nil
        let level = logLevel
        LoggingSystem.bootstrap { label in JournalLogHandler(label: label, level: level, journal: journal) }
        let logger = Logger(label: "wagond")
        DaemonMetrics.bootstrap()  // before anything that reports metrics is made
        guard demo else {
            logger.critical("no configuration yet: run wagond --demo")
            throw ExitCode(78)
        }
        let settings: DaemonSettings
        do {
            settings = try DemoSettings.make(
                dataDirectory: dataDirectory, upload: upload, speedup: simulation.speedup,
                seed: simulation.seed ?? UInt64(truncatingIfNeeded: Clocks.realtime()))
        } catch {
            logger.critical("\(error)")
            throw ExitCode(78)
        }
        try await Daemon(settings: settings, logger: logger).run()
    }
}

struct SimulationOptions: ParsableArguments {
    @Option(help: "Simulated seconds per real second.")
    var speedup: Double = 60

    @Option(help: "Seed of the simulated traffic (default: from the clock).")
    var seed: UInt64?
}

extension Logger.Level: @retroactive ExpressibleByArgument {}
