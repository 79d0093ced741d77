import ArgumentParser
import WagonControl

/// Where the running daemon listens, and how its answers are printed.
struct ControlSocketOptions: ParsableArguments {
    @Option(help: ArgumentHelp("wagond's control socket.", valueName: "path"))
    var socket: String = ControlProtocol.defaultSocketPath

    @Flag(help: "Print the daemon's answer as one JSON object on one line.")
    var json = false

    @Flag(help: "Print times in UTC (RFC 3339) instead of local time.")
    var utc = false
}
