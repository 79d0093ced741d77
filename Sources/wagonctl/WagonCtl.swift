import ArgumentParser

/// `wagonctl`: diagnostics for a wagond trackside box.
@main
struct WagonCtl: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "wagonctl",
        abstract: "Diagnostics for wagond, the trackside wagon counter.",
        discussion: """
            Exit status: 0 success, 64 usage, 65 bad data, 66 missing input, \
            69 wagond unavailable, 74 I/O error, 76 protocol error, 77 no permission, \
            78 bad configuration.
            """,
        version: "0.1.0",
        groupedSubcommands: [
            CommandGroup(name: "Live", subcommands: [Status.self, Events.self, SensorTest.self, GPIO.self]),
            CommandGroup(name: "Data", subcommands: [Replay.self, Plot.self, Simulate.self, Catalogue.self]),
            CommandGroup(name: "Store", subcommands: [Queue.self]),
            CommandGroup(name: "Info", subcommands: [Config.self]),
        ]
    )
}
