import BenchSupport
import EventStore
import HTTPUplink
import Logging
import Uplink

/// One drain of a fresh backlog at one batch size.
struct DrainRun {
    let count: Int
    let batchSize: Int
    let trains: TrainEvents
    let parent: String?
    let logger: Logger

    static let source = "wagond/bench"

    /// Through `UplinkRunner.drain`, as `wagonctl queue flush` would. Returns
    /// false if the collector did not get every event exactly.
    func measure() async -> Bool {
        let directory = ScratchDirectory(under: parent)
        defer { directory.remove() }
        guard let store = await filledStore(in: directory) else { return false }
        let receiver: ReceiverProcess
        let uplink: TimedUplink
        do {
            receiver = try ReceiverProcess.start()
            uplink = TimedUplink(try HTTPUplink(
                configuration: HTTPUplinkConfiguration(url: receiver.url, source: Self.source, gzip: true),
                logger: logger))
        } catch {
            print("batch \(batchSize): \(error)")
            await store.close()
            return false
        }
        let runner = UplinkRunner(
            uplink: uplink, store: store, policy: BatchPolicy(maxEvents: batchSize),
            backoff: Backoff(base: .milliseconds(50), cap: .seconds(1)), logger: logger)

        let residentBefore = ProcessMemory.resident()
        let peakBefore = ProcessMemory.peak()
        let peakReset = ProcessMemory.resetPeak()
        let sampler = RSSSampler.start()
        let writtenBefore = ProcessMemory.storageWrites()
        let cpuBefore = Stopwatch.cpu()
        let start = Stopwatch.now()
        let result = await runner.drain(maxFailures: 5)
        let elapsed = Stopwatch.now() - start
        let cpuAfter = Stopwatch.cpu()
        let written = ProcessMemory.storageWrites() - writtenBefore
        let sampled = await sampler.stop()
        let peakDuring = ProcessMemory.peak()

        await uplink.shutdown()
        let collector = receiver.report()
        let stats = await store.stats()
        await store.close()

        let delivery = uplink.recorded
        let uniqueIDs = Int(collector["unique_ids"] ?? "") ?? -1
        let bodyBytes = Int(collector["body_bytes"] ?? "") ?? 0
        let requests = Int(collector["requests"] ?? "") ?? 0
        let collectorCPU = Double(collector["cpu_seconds"] ?? "") ?? 0
        let user = cpuAfter.user - cpuBefore.user
        let system = cpuAfter.system - cpuBefore.system

        print("batch \(batchSize): \(Format.rate(result.delivered, elapsed)) events/s "
              + "(\(Format.grouped(result.delivered)) events in \(Format.decimal(elapsed, 2)) s, "
              + "\(Format.grouped(delivery.calls)) batches, \(delivery.failures) failed)")
        if let failure = result.lastFailure ?? delivery.firstFailure { print("  failure: \(failure)") }
        print("  collector: \(Format.grouped(uniqueIDs)) unique ids, \(collector["duplicates"] ?? "?") duplicates, "
              + "\(Format.grouped(requests)) requests (\(collector["not_2xx"] ?? "?") not 2xx); "
              + "sent \(Format.mebibytes(bodyBytes)) of gzip bodies = \(bodyBytes / max(uniqueIDs, 1)) B/event")
        print("  time: in HTTPUplink.deliver (JSON, gzip, POST, collector) \(Format.decimal(delivery.seconds, 2)) s "
              + "(\(Format.percent(delivery.seconds, of: elapsed))); outside it (outbox read, acknowledge, runner) "
              + "\(Format.decimal(elapsed - delivery.seconds, 2)) s (\(Format.percent(elapsed - delivery.seconds, of: elapsed)))")
        print("  per batch delivered: \(delivery.latencies.summary)")
        print("  CPU: drain process \(Format.percent(user + system, of: elapsed)) of one core "
              + "(user \(Format.decimal(user, 1)) s, system \(Format.decimal(system, 1)) s); "
              + "collector process \(Format.decimal(collectorCPU, 1)) s in all")
        print("  memory: RSS \(Format.mebibytes(residentBefore)) before; peak during the drain "
              + (peakReset ? "\(Format.mebibytes(peakDuring)) (VmHWM, reset at the start)" : "unknown (VmHWM could not be reset)")
              + ", sampled VmRSS max \(Format.mebibytes(sampled.peak)) (\(sampled.samples) samples); "
              + "VmHWM since start, fill included: \(Format.mebibytes(max(peakBefore, peakDuring)))")
        print("  outbox: \(Format.mebibytes(written)) written to storage during the drain "
              + "(\(written / max(result.delivered, 1)) B/event acknowledged); afterwards \(stats.events) events, "
              + "\(Format.mebibytes(stats.fileBytes)) on disk")

        var matched = true
        if uniqueIDs != count {
            print("MISMATCH: the collector has \(uniqueIDs) unique ids, expected \(count)")
            matched = false
        }
        if result.delivered != count {
            print("MISMATCH: the runner delivered \(result.delivered) events, expected \(count)")
            matched = false
        }
        return matched
    }

    /// A fresh outbox in `directory` holding `count` train events, appended
    /// 1,000 per commit (not part of any measurement).
    func filledStore(in directory: ScratchDirectory) async -> EventStore? {
        let store = await EventStore.open(path: directory.path + "/outbox.sqlite", logger: logger)
        do {
            try await store.register(uplinks: ["http"])
        } catch {
            print("batch \(batchSize): cannot register the uplink: \(error)")
            await store.close()
            return nil
        }
        let start = Stopwatch.now()
        for first in stride(from: 0, to: count, by: 1000) {
            let receipt = await store.append(trains.events(first..<min(first + 1000, count)))
            guard case .durable = receipt else {
                print("batch \(batchSize): filling the outbox failed: \(receipt)")
                await store.close()
                return nil
            }
        }
        let stats = await store.stats()
        print("batch \(batchSize): filled \(Format.grouped(stats.events)) events "
              + "(\(Format.mebibytes(stats.fileBytes)) on disk) in \(Format.decimal(Stopwatch.now() - start, 1)) s, not counted")
        return store
    }
}
