// swift-tools-version: 6.1
import PackageDescription

// Benchmarks print numbers; nothing here asserts a duration. Build release:
//   swift run -c release --package-path Benchmarks accuracy
//   swift run -c release --package-path Benchmarks store-append
//   swift run -c release --package-path Benchmarks drain
//   swift run -c release --package-path Benchmarks edge-latency
// SwiftPM names a path dependency after its folder: the checkout's own name
// (`wagond`, `main`, `ci9`), whatever the root package calls itself.
let root = Context.packageDirectory.split(separator: "/").dropLast().last.map(String.init)?.lowercased() ?? "wagond"

let package = Package(
    name: "wagond-benchmarks",
    platforms: [.macOS(.v15)],
    dependencies: [
        .package(path: ".."),
        // Only for `Logging` in the outbox benchmarks: the same exact version as the root.
        .package(url: "https://github.com/apple/swift-log", exact: "1.16.2"),
    ],
    targets: [
        .executableTarget(name: "accuracy", dependencies: [
            .product(name: "WagonCore", package: root),
            .product(name: "TrainSim", package: root),
        ]),
        .executableTarget(name: "core-throughput", dependencies: [
            .product(name: "WagonCore", package: root),
            .product(name: "TrainSim", package: root),
        ]),
        // What the outbox benchmarks share: options, clocks, memory, scratch
        // directories and realistic train events.
        .target(name: "BenchSupport", dependencies: [
            .product(name: "WagonCore", package: root),
            .product(name: "TrainSim", package: root),
            .product(name: "WagonReports", package: root),
            .product(name: "EventStore", package: root),
        ]),
        // Durable appends per second into a fresh outbox, by batch size.
        .executableTarget(name: "store-append", dependencies: [
            "BenchSupport",
            .product(name: "EventStore", package: root),
            .product(name: "Logging", package: "swift-log"),
        ]),
        // A 100,000-event backlog drained through the HTTP uplink to a loopback collector.
        .executableTarget(name: "drain", dependencies: [
            "BenchSupport",
            .product(name: "EventStore", package: root),
            .product(name: "Uplink", package: root),
            .product(name: "HTTPUplink", package: root),
            .product(name: "LoopbackReceiver", package: root),
            .product(name: "Logging", package: "swift-log"),
        ]),
        // Edge timestamp to axle out of the core, through the GPIO reader's
        // ring from a producer thread (docs/performance.md).
        .executableTarget(name: "edge-latency", dependencies: [
            "BenchSupport",
            .product(name: "WagonCore", package: root),
            .product(name: "TrainSim", package: root),
            .product(name: "GPIOInput", package: root),
        ]),
        .executableTarget(name: "recorder-throughput", dependencies: [
            .product(name: "WagonCore", package: root),
            .product(name: "TrainSim", package: root),
            .product(name: "PulseLog", package: root),
            .product(name: "PulseRecorder", package: root),
        ]),
    ]
)
