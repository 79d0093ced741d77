import ArgumentParser
import PulseLog
import TrainSim
import WagonConfig
import WagonCore
import WagonReports

/// `wagonctl simulate`: realistic trains as a native pulse log.
struct Simulate: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Write a simulated pulse log of realistic trains.",
        discussion: """
            Writes a native pulse log (to standard output unless --output is \
            given) and, with --expected, what a correct counter must report for \
            each train, computed from the scenario itself, as replay --json lines. \
            Example: wagonctl simulate --consist "2xTE116,65xgondola" --speed 45 \
            | wagonctl replay -
            Vehicle types: see 'wagonctl catalogue'.
            """
    )

    enum Profile: String, ExpressibleByArgument, CaseIterable {
        case constant, accelerate, brake, stop, reverse
        case backOut = "back-out"
    }

    @Option(help: ArgumentHelp("Vehicles, front first: 'COUNTxTYPE,...' (COUNT 1 to \(Consist.maxCount); "
        + "\(Consist.maxVehicles) vehicles in all).", valueName: "consist"))
    var consist: String = "2xTE116,40xgondola"

    @Option(help: ArgumentHelp("Speed, km/h \(OptionRange.help(OptionRange.speedKmh)).", valueName: "km/h"))
    var speed: Double = 45

    @Option(help: ArgumentHelp("Motion: constant, accelerate, brake, stop (on the point, rocking), reverse (back some axles out, then through), back-out (leave backwards).", valueName: "profile"))
    var profile: Profile = .constant

    @Option(name: .customLong("to-speed"), help: ArgumentHelp(
        "Final speed for accelerate (above --speed) and brake (below it), km/h \(OptionRange.help(OptionRange.speedKmh)).",
        valueName: "km/h"))
    var finalSpeed: Double?

    @Option(help: ArgumentHelp("Direction of travel: AB or BA.", valueName: "direction"))
    var direction: String = "AB"

    @Option(help: "Number of trains \(OptionRange.help(OptionRange.trains)), alternately AB and BA with --alternate.")
    var trains: Int = 1

    @Flag(help: "Alternate the direction of successive trains.")
    var alternate = false

    @Option(help: ArgumentHelp("Quiet time between trains, seconds \(OptionRange.help(OptionRange.gapSeconds)).",
                               valueName: "s"))
    var gap: Double = 60

    @Option(help: ArgumentHelp(
        "Instead of --consist: this many random trains across the catalogue, speeds and profiles "
            + "\(OptionRange.help(OptionRange.trains)).", valueName: "count"))
    var random: Int?

    @Flag(help: "Add sensor noise: timestamp jitter, contact bounce, dropouts, EMI spikes.")
    var noise = false

    @Option(help: ArgumentHelp("A dead detector: A or B (stuck free), or A1/B1 (stuck occupied).", valueName: "detector"))
    var dead: String?

    @Option(name: .customLong("spacing"), help: ArgumentHelp(
        "Distance between detector centres, metres \(OptionRange.help(OptionRange.spacingMetres)).", valueName: "metres"))
    var spacing: Double = 0.14

    @Option(name: .customLong("zone"), help: ArgumentHelp(
        "Length of rail one detector sees, metres \(OptionRange.help(OptionRange.zoneMetres)); above the spacing: zones overlap.",
        valueName: "metres"))
    var zone: Double = 0.18

    @Option(help: "Seed for the noise and random trains (0 to \(UInt64.max)).")
    var seed: UInt64 = 1

    @Option(name: [.customShort("o"), .long], help: ArgumentHelp("Write the pulse log here instead of standard output.", valueName: "file"))
    var output: String?

    @Option(help: ArgumentHelp("Write the expected trains here, one JSON object per line.", valueName: "file"))
    var expected: String?

    mutating func run() throws {
        do {
            try simulate()
        } catch {
            throw reportFailure(error)
        }
    }

    private func simulate() throws {
        let scenario = try makeScenario()
        let log = scenario.generate()
        let writer = try PulseLogWriter(path: output ?? "-", channels: log.channels)
        var metadata = PulseLogMetadata()
        metadata.sensorSpacing = scenario.sensor.spacing
        metadata.entries = log.metadata.filter { $0.key != PulseLogMetadata.sensorSpacingKey && $0.key != PulseLogMetadata.versionKey }
        try writer.writeHeader(metadata)
        try writer.write(log.edges)
        try writer.close()
        if let expected {
            let file = try TextFile(creating: expected)
            for train in log.trains { try file.writeLine(train.jsonLine) }
            try file.close()
        }
    }

    private func makeScenario() throws -> Scenario {
        try checkRanges()
        var sensor = SensorModel(spacing: spacing, zone: zone)
        if noise {
            let noisy = SensorModel.noisy
            sensor.jitterSigma = noisy.jitterSigma
            sensor.bounceProbability = noisy.bounceProbability
            sensor.dropoutProbability = noisy.dropoutProbability
            sensor.spikeRate = noisy.spikeRate
        }
        if let dead {
            switch dead.uppercased() {
            case "A": sensor.fault = .stuckFree(.a)
            case "B": sensor.fault = .stuckFree(.b)
            case "A1": sensor.fault = .stuckOccupied(.a)
            case "B1": sensor.fault = .stuckOccupied(.b)
            default: throw UsageError(message: "--dead must be A, B, A1 or B1, got '\(dead)'")
            }
        }
        if let random {
            var generator = RandomScenario(seed: seed, noiseProbability: 0, geometry: sensor)
            let runs = (0..<random).map { _ in generator.nextTrain(sensor: sensor) }
            return Scenario(trains: runs, sensor: sensor, seed: seed, gap: gap)
        }
        guard let travel = TravelDirection(rawValue: direction.uppercased()) else {
            throw UsageError(message: "--direction must be AB or BA, got '\(direction)'")
        }
        let parsed: Consist
        do { parsed = try Consist(parsing: consist) } catch { throw UsageError(message: "--consist: \(error)") }
        let motion = try motionProfile(axles: parsed.axleOffsets.count)
        let runs = (0..<trains).map { index in
            TrainRun(consist: parsed, profile: motion, direction: alternate && index % 2 == 1 ? travel.opposite : travel)
        }
        return Scenario(trains: runs, sensor: sensor, seed: seed, gap: gap)
    }

    /// Every numeric option against its range, before any train is made.
    private func checkRanges() throws {
        try requireRange("--speed", speed, OptionRange.speedKmh, unit: " km/h")
        try requireRange("--to-speed", finalSpeed, OptionRange.speedKmh, unit: " km/h")
        try requireRange("--trains", trains, OptionRange.trains)
        try requireRange("--gap", gap, OptionRange.gapSeconds, unit: " s")
        try requireRange("--random", random, OptionRange.trains)
        try requireRange("--spacing", spacing, OptionRange.spacingMetres, unit: " m")
        try requireRange("--zone", zone, OptionRange.zoneMetres, unit: " m")
    }

    private func motionProfile(axles: Int) throws -> MotionProfile {
        let speeds = OptionRange.speedKmh
        switch profile {
        case .constant:
            return .constant(kmh: speed)
        case .accelerate:
            let final = finalSpeed ?? min(speed * 2, speeds.upperBound)
            guard final > speed else { throw noRoom(finalSpeed == nil, "above", "below", speeds.upperBound) }
            return .accelerating(fromKmh: speed, toKmh: final)
        case .brake:
            let final = finalSpeed ?? max(speed / 2, speeds.lowerBound)
            guard final < speed else { throw noRoom(finalSpeed == nil, "below", "above", speeds.lowerBound) }
            return .braking(fromKmh: speed, toKmh: final)
        case .stop:
            return .stopOnPoint(kmh: min(speed, 30), axle: min(axles - 1, axles / 2))
        case .reverse:
            return .reversing(kmh: min(speed, 30), passAxles: max(axles / 2, 1), backAxles: max(axles / 4, 1))
        case .backOut:
            return .reversing(kmh: min(speed, 30), passAxles: max(axles / 2, 1), backAxles: max(axles / 2, 1), finish: .backOut)
        }
    }

    /// Accelerate and brake need a final speed on the right side of --speed:
    /// the one given, else a default that hits the range's end.
    private func noRoom(_ defaulted: Bool, _ side: String, _ otherSide: String, _ limit: Double) -> UsageError {
        let profile = profile.rawValue, speed = SettingRange.plain(speed)
        guard defaulted else {
            return UsageError(message: "--to-speed must be \(side) --speed (\(speed) km/h) for --profile \(profile), "
                + "got \(SettingRange.plain(finalSpeed ?? 0))")
        }
        return UsageError(message: "--profile \(profile) needs --speed \(otherSide) \(SettingRange.plain(limit)) km/h, got \(speed)")
    }
}
