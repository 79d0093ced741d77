// swift-tools-version: 6.1
import PackageDescription

// Benchmarks print numbers; nothing here asserts a duration. Build release:
//   swift run -c release --package-path Benchmarks accuracy
//   swift run -c release --package-path Benchmarks store-append
//   swift run -c release --package-path Benchmarks drain
//   swift run -c release --package-path Benchmarks edge-latency
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
            .product(name: "WagonCore", package: "main"),
            .product(name: "TrainSim", package: "main"),
        ]),
        .executableTarget(name: "core-throughput", dependencies: [
            .product(name: "WagonCore", package: "main"),
            .product(name: "TrainSim", package: "main"),
        ]),
        // What the outbox benchmarks share: options, clocks, memory, scratch
        // directories and realistic train events.
        .target(name: "BenchSupport", dependencies: [
            .product(name: "WagonCore", package: "main"),
            .product(name: "TrainSim", package: "main"),
            .product(name: "WagonReports", package: "main"),
            .product(name: "EventStore", package: "main"),
        ]),
        // Durable appends per second into a fresh outbox, by batch size.
        .executableTarget(name: "store-append", dependencies: [
            "BenchSupport",
            .product(name: "EventStore", package: "main"),
            .product(name: "Logging", package: "swift-log"),
        ]),
        // A 100,000-event backlog drained through the HTTP uplink to a loopback collector.
        .executableTarget(name: "drain", dependencies: [
            "BenchSupport",
            .product(name: "EventStore", package: "main"),
            .product(name: "Uplink", package: "main"),
            .product(name: "HTTPUplink", package: "main"),
            .product(name: "LoopbackReceiver", package: "main"),
            .product(name: "Logging", package: "swift-log"),
        ]),
        // Edge timestamp to axle out of the core, through the GPIO reader's
        // ring from a producer thread (docs/performance.md).
        .executableTarget(name: "edge-latency", dependencies: [
            "BenchSupport",
            .product(name: "WagonCore", package: "main"),
            .product(name: "TrainSim", package: "main"),
            .product(name: "GPIOInput", package: "main"),
        ]),
        .executableTarget(name: "recorder-throughput", dependencies: [
            .product(name: "WagonCore", package: "main"),
            .product(name: "TrainSim", package: "main"),
            .product(name: "PulseLog", package: "main"),
            .product(name: "PulseRecorder", package: "main"),
        ]),
    ]
)
