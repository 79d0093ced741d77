// swift-tools-version: 6.1
import PackageDescription

// Benchmarks print numbers; nothing here asserts a duration. Build release:
//   swift run -c release --package-path Benchmarks accuracy
let package = Package(
    name: "wagond-benchmarks",
    platforms: [.macOS(.v15)],
    dependencies: [.package(path: "..")],
    targets: [
        .executableTarget(name: "accuracy", dependencies: [
            .product(name: "WagonCore", package: "main"),
            .product(name: "TrainSim", package: "main"),
        ]),
        .executableTarget(name: "core-throughput", dependencies: [
            .product(name: "WagonCore", package: "main"),
            .product(name: "TrainSim", package: "main"),
        ]),
        .executableTarget(name: "recorder-throughput", dependencies: [
            .product(name: "WagonCore", package: "main"),
            .product(name: "TrainSim", package: "main"),
            .product(name: "PulseLog", package: "main"),
            .product(name: "PulseRecorder", package: "main"),
        ]),
    ]
)
