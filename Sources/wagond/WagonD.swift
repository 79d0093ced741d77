import ArgumentParser
import Logging
import WagonConfig
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
            keeps each report in a durable outbox until its uplinks have delivered it. \
            It is a monitoring system, not a signalling (SIL) system.

            wagond --demo runs the whole daemon with simulated trains and no hardware: \
            outbox, uploads and pulse logs under ./wagond-data, trains in the log within \
            seconds, `wagonctl status --socket wagond-data/control.sock` beside it.

            Exit status: 0 after a clean stop (SIGTERM, SIGINT), 64 for a bad command \
            line, 69 when the GPIO lines cannot be requested, 78 for a bad configuration \
            (FILE:LINE: message on standard error), 1 for anything else.
            """)

    @Option(name: .shortAndLong, help: ArgumentHelp("The site configuration.", valueName: "file"))
    var config = "/etc/wagond/wagond.toml"

    @Flag(help: "Run on simulated trains with the embedded demo configuration (no hardware, no config file).")
    var demo = false

    @Flag(help: "Use the configuration's points but simulated trains instead of GPIO lines.")
    var simulate = false

    @OptionGroup var simulation: SimulationOptions

    @Option(name: .customLong("data-dir"), help: "Demo: where the outbox, uploads, pulse logs and socket go.")
    var dataDirectory = "./wagond-data"

    @Option(help: ArgumentHelp(
        "Demo: where events are uploaded: an http(s):// URL, a file, or - for standard output.",
        valueName: "url|file|-"))
    var upload: String?

    @Option(help: "Log level (trace, debug, info, notice, warning, error, critical); default: the configuration's, or info.")
    var logLevel: Logger.Level?

    func run() async throws {
        let environment = ProcessEnvironment.current
        ProcessTuning.applyForDaemon(environment: environment)
        var settings: DaemonSettings
        var level = logLevel ?? .info
        var warnings: [String] = []
        if demo {
            do {
                settings = try DemoSettings.make(
                    dataDirectory: dataDirectory, upload: upload, speedup: simulation.speedup,
                    seed: simulation.seed ?? UInt64(truncatingIfNeeded: Clocks.realtime()))
            } catch {
                printError("wagond: \(error)")
                throw ExitCode(78)
            }
        } else {
            do throws(ConfigErrors) {
                let site = try SiteConfiguration(contentsOf: config)
                settings = try DaemonSettings(site: site, environment: environment)
                if !simulate {
                    let missing = DaemonSettings.verifyLines(of: site)
                    if !missing.isEmpty { throw ConfigErrors(missing) }
                }
                level = logLevel ?? Logger.Level(rawValue: site.log.level.rawValue) ?? .info
                warnings = site.warnings.map(\.description)
            } catch {
                for problem in error.errors { printError(problem.description) }
                throw ExitCode(78)
            }
            if simulate {
                settings.source = .simulation(speedup: simulation.speedup,
                                              seed: simulation.seed ?? UInt64(truncatingIfNeeded: Clocks.realtime()),
                                              gap: 120...900, noisy: true)
            }
        }

        let journal = environment["JOURNAL_STREAM"] != nil
        let chosen = level
        LoggingSystem.bootstrap { label in JournalLogHandler(label: label, level: chosen, journal: journal) }
        let logger = Logger(label: "wagond")
        DaemonMetrics.bootstrap()  // before anything that reports metrics is made
        for warning in warnings { logger.warning("\(warning)") }

        // SIGHUP reads the file again (not in --demo, which has none).
        var reload: (@Sendable () throws -> DaemonSettings)?
        if !demo {
            let path = config, simulated = simulate, source = settings.source
            reload = {
                var reloaded = try DaemonSettings(site: try SiteConfiguration(contentsOf: path),
                                                  environment: ProcessEnvironment.current)
                if simulated { reloaded.source = source }
                return reloaded
            }
        }
        do {
            try await Daemon(settings: settings, reload: reload, logger: logger).run()
        } catch let error as DaemonError {
            logger.critical("\(error.message)")
            throw ExitCode(error.code == .hardware ? 69 : 78)
        }
    }
}

struct SimulationOptions: ParsableArguments {
    static let speedupRange = DemoSettings.speedupRange

    @Option(help: "Simulated seconds per real second (\(SettingRange.text(Self.speedupRange))), for --demo and --simulate.")
    var speedup: Double = 60

    @Option(help: "Seed of the simulated traffic (0 to \(UInt64.max); default: from the clock).")
    var seed: UInt64?

    /// Checked on every start, not only with --demo or --simulate: a bad
    /// flag is a usage error (64) before anything opens. NaN and the
    /// infinities lie outside the range.
    func validate() throws {
        guard Self.speedupRange.contains(speedup) else {
            let (low, high) = (SettingRange.plain(Self.speedupRange.lowerBound), SettingRange.plain(Self.speedupRange.upperBound))
            throw ValidationError("--speedup must lie between \(low) and \(high), got \(SettingRange.plain(speedup))")
        }
    }
}

/// One line on standard error, before logging is set up.
func printError(_ text: String) {
    let bytes = Array((text + "\n").utf8)
    bytes.withUnsafeBytes { raw in _ = write(STDERR_FILENO, raw.baseAddress, raw.count) }
}

extension Logger.Level: @retroactive ExpressibleByArgument {}
