// swift-tools-version: 6.1
import PackageDescription

// Versions are pinned with `exact:`: only the local mirrors' versions resolve here,
// and a `from:` can silently pick a newer copy (see docs/SWIFT-NOTES in shared/).
let libm: [LinkerSetting] = [.linkedLibrary("m", .when(platforms: [.linux]))]

let package = Package(
    name: "wagond",
    platforms: [.macOS(.v15)],
    products: [
        .library(name: "WagonCore", targets: ["WagonCore"]),
        .library(name: "PulseLog", targets: ["PulseLog"]),
        .library(name: "PulseRecorder", targets: ["PulseRecorder"]),
        .library(name: "TrainSim", targets: ["TrainSim"]),
        .library(name: "WagonConfig", targets: ["WagonConfig"]),
        // For the edge-latency benchmark, which drains the GPIO reader's ring.
        .library(name: "GPIOInput", targets: ["GPIOInput"]),
        .library(name: "WagonReports", targets: ["WagonReports"]),
        .library(name: "EventStore", targets: ["EventStore"]),
        .library(name: "Uplink", targets: ["Uplink"]),
        .library(name: "HTTPUplink", targets: ["HTTPUplink"]),
        .library(name: "LoopbackReceiver", targets: ["LoopbackReceiver"]),
        .library(name: "WagonControl", targets: ["WagonControl"]),
        .executable(name: "wagonctl", targets: ["wagonctl"]),
        .executable(name: "wagond", targets: ["wagond"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", exact: "1.8.2"),
        .package(url: "https://github.com/apple/swift-log", exact: "1.16.2"),
        .package(url: "https://github.com/apple/swift-nio", exact: "2.101.3"),
        // SQLite with its own amalgamation; FoundationEssentials only (GRDB
        // pulls full Foundation and ~34 MB of ICU into the static binary).
        .package(url: "https://github.com/vapor/sqlite-nio", exact: "1.13.2"),
        .package(url: "https://github.com/apple/swift-nio-ssl", exact: "2.37.6"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle", exact: "2.13.0"),
        // The metrics API (CoreMetrics: no Foundation) and its Prometheus backend.
        .package(url: "https://github.com/apple/swift-metrics", exact: "2.13.0"),
        .package(url: "https://github.com/swift-server/swift-prometheus", exact: "2.4.1"),
    ],
    targets: [
        // Pure counting logic: the standard library only (checked by .ci/run).
        // Pure Swift still calls libm for rounding and square roots; say so,
        // or executables that import no C module fail to link.
        .target(name: "WagonCore", linkerSettings: libm),
        // JSON without Foundation: the one string quoter of everything we
        // write, and one strict reader (the control protocol, the test collector).
        .target(name: "WagonJSON"),
        // Reads .gz logs through the system zlib.
        .target(name: "PulseLog", dependencies: ["WagonCore", "CZlib"]),
        // Every edge to rotating native pulse logs, gzipped when rotated.
        .target(name: "PulseRecorder", dependencies: ["PulseLog", "WagonCore", "CZlib"]),
        .target(name: "TrainSim", dependencies: ["WagonCore"], linkerSettings: libm),
        .target(name: "WagonReports", dependencies: ["WagonCore", "WagonJSON"], linkerSettings: libm),
        // Timing diagrams of detector levels with the core's decisions (wagonctl plot).
        .target(name: "PulsePlot", dependencies: ["WagonCore"]),
        // The site configuration and board profiles: our own TOML reader, no
        // Foundation (TOMLKit and Yams pull in ICU; docs/configuration.md).
        .target(name: "WagonConfig", dependencies: ["WagonCore"]),
        // One small C API over libgpiod v1 and v2, chosen from the header.
        .target(name: "CGPIOShim", linkerSettings: [.linkedLibrary("gpiod")]),
        // GPIO lines through libgpiod: the only module that imports the shim.
        .target(name: "GPIOInput", dependencies: ["WagonCore", "CGPIOShim"]),
        // The durable outbox: every report is in SQLite before it is acknowledged.
        .target(
            name: "EventStore",
            dependencies: [
                "WagonJSON",
                .product(name: "SQLiteNIO", package: "sqlite-nio"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        // What every uplink shares: the protocol, CloudEvents, backoff, the delivery loop.
        // Instrumented with the backend-agnostic metrics API only.
        .target(
            name: "Uplink",
            dependencies: [
                "EventStore", "WagonJSON",
                .product(name: "Logging", package: "swift-log"),
                .product(name: "CoreMetrics", package: "swift-metrics"),
            ]
        ),
        .systemLibrary(name: "CZlib", pkgConfig: "zlib", providers: [.apt(["zlib1g-dev"])]),
        .target(
            name: "HTTPUplink",
            dependencies: [
                "Uplink", "EventStore", "CZlib",
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        .systemLibrary(name: "CMosquitto", pkgConfig: "libmosquitto", providers: [.apt(["libmosquitto-dev"])]),
        .target(
            name: "MQTTUplink",
            dependencies: ["Uplink", "EventStore", "CMosquitto", .product(name: "Logging", package: "swift-log")]
        ),
        // A real HTTP server on loopback for tests and benchmarks, told to fail on demand.
        .target(
            name: "LoopbackReceiver",
            dependencies: [
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
                "CZlib", "WagonJSON",
            ],
            path: "Tests/Support/LoopbackReceiver"
        ),
        // A small tmpfs to fill up or make read-only, for the disk-full tests.
        .target(name: "TestSupport", path: "Tests/Support/TestSupport"),
        // The control socket's protocol, shared by wagond and wagonctl and
        // nothing else (chrony's candm.h): messages, a strict JSON reader, the client.
        .target(name: "WagonControl", dependencies: ["WagonJSON"]),
        // adjtimex(2) for the clock's synchronisation state (not in Swift's Glibc module).
        .systemLibrary(name: "CTimex"),
        // The daemon's parts wired together: sources, counting loop, services.
        .target(
            name: "WagonDaemon",
            dependencies: [
                "WagonCore", "TrainSim", "WagonReports", "WagonJSON", "GPIOInput", "EventStore", "Uplink", "HTTPUplink",
                "MQTTUplink", "PulseRecorder", "PulseLog", "WagonControl", "CTimex",
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "UnixSignals", package: "swift-service-lifecycle"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "CoreMetrics", package: "swift-metrics"),
                .product(name: "Prometheus", package: "swift-prometheus"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
            ]
        ),
        .executableTarget(
            name: "wagond",
            dependencies: [
                "WagonDaemon", "WagonConfig", "EventStore", "Uplink", "HTTPUplink",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        .executableTarget(
            name: "wagonctl",
            dependencies: [
                "WagonCore", "PulseLog", "TrainSim", "WagonReports", "GPIOInput", "EventStore", "Uplink", "WagonConfig",
                "WagonControl", "PulsePlot",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        .testTarget(name: "WagonCoreTests", dependencies: ["WagonCore", "TrainSim"]),
        // Simulated trains through the core: expectations from construction.
        .testTarget(name: "ScenarioTests", dependencies: ["WagonCore", "TrainSim"]),
        .testTarget(name: "PulseLogTests", dependencies: ["PulseLog", "TrainSim", "TestSupport"]),
        .testTarget(name: "PulseRecorderTests", dependencies: ["PulseRecorder", "PulseLog", "TrainSim", "WagonCore", "TestSupport"]),
        .testTarget(name: "TrainSimTests", dependencies: ["TrainSim", "WagonCore", "TestSupport"]),
        .testTarget(name: "WagonReportsTests", dependencies: ["WagonReports"]),
        .testTarget(name: "PulsePlotTests", dependencies: ["PulsePlot", "WagonCore", "TrainSim"]),
        .testTarget(name: "GPIOInputTests", dependencies: ["GPIOInput"]),
        .testTarget(name: "WagonConfigTests", dependencies: ["WagonConfig", "WagonCore", "TrainSim"]),
        // Black-box: runs the built wagonctl binary.
        .testTarget(name: "WagonctlTests", dependencies: ["wagonctl", "EventStore", "PulseRecorder", "PulseLog", "TestSupport"]),
        .testTarget(name: "EventStoreTests", dependencies: ["EventStore", "TestSupport"]),
        // The delivery loop through real uplinks against the loopback receiver.
        .testTarget(name: "UplinkTests", dependencies: ["Uplink", "EventStore", "HTTPUplink", "LoopbackReceiver"]),
        .testTarget(
            name: "HTTPUplinkTests",
            dependencies: [
                "HTTPUplink", "Uplink", "EventStore", "LoopbackReceiver",
                // A connection-counting server of the tests' own.
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
            ]
        ),
        // Black-box: the built wagond under kill -9, SIGTERM and a real receiver.
        .testTarget(name: "WagondTests", dependencies: ["wagond", "wagonctl", "EventStore", "LoopbackReceiver", "TestSupport"]),
        .testTarget(name: "MQTTUplinkTests", dependencies: ["MQTTUplink", "Uplink", "EventStore"]),
        .testTarget(name: "WagonControlTests", dependencies: ["WagonControl", "WagonJSON", "TestSupport", "TrainSim"]),
        .testTarget(name: "WagonJSONTests", dependencies: ["WagonJSON", "TrainSim", "TestSupport"]),
        // The daemon's services in-process: metrics over real loopback HTTP;
        // the control socket with a real status, a real outbox and the real client.
        .testTarget(
            name: "WagonDaemonTests",
            dependencies: [
                "WagonDaemon", "WagonCore", "TrainSim", "EventStore", "Uplink", "WagonControl", "CTimex",
                .product(name: "Prometheus", package: "swift-prometheus"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
    ]
)
