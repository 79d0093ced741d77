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
        .library(name: "TrainSim", targets: ["TrainSim"]),
        .library(name: "WagonReports", targets: ["WagonReports"]),
        .executable(name: "wagonctl", targets: ["wagonctl"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", exact: "1.8.2"),
    ],
    targets: [
        // Pure counting logic: the standard library only (checked by .ci/run).
        // Pure Swift still calls libm for rounding and square roots; say so,
        // or executables that import no C module fail to link.
        .target(name: "WagonCore", linkerSettings: libm),
        .target(name: "PulseLog", dependencies: ["WagonCore"]),
        .target(name: "TrainSim", dependencies: ["WagonCore"], linkerSettings: libm),
        .target(name: "WagonReports", dependencies: ["WagonCore"], linkerSettings: libm),
        // One small C API over libgpiod v1 and v2, chosen from the header.
        .target(name: "CGPIOShim", linkerSettings: [.linkedLibrary("gpiod")]),
        // GPIO lines through libgpiod: the only module that imports the shim.
        .target(name: "GPIOInput", dependencies: ["WagonCore", "CGPIOShim"]),
        .executableTarget(
            name: "wagonctl",
            dependencies: [
                "WagonCore", "PulseLog", "TrainSim", "WagonReports", "GPIOInput",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        .testTarget(name: "WagonCoreTests", dependencies: ["WagonCore"]),
        // Simulated trains through the core: expectations from construction.
        .testTarget(name: "ScenarioTests", dependencies: ["WagonCore", "TrainSim"]),
        .testTarget(name: "PulseLogTests", dependencies: ["PulseLog"]),
        .testTarget(name: "TrainSimTests", dependencies: ["TrainSim", "WagonCore"]),
        .testTarget(name: "WagonReportsTests", dependencies: ["WagonReports"]),
        .testTarget(name: "GPIOInputTests", dependencies: ["GPIOInput"]),
        // Black-box: runs the built wagonctl binary.
        .testTarget(name: "WagonctlTests", dependencies: ["wagonctl"]),
    ]
)
