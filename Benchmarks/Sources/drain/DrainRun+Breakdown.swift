import BenchSupport
import EventStore
import HTTPUplink
import Uplink

extension DrainRun {
    /// The runner's loop stepped by hand (read a batch, deliver, acknowledge)
    /// with each phase timed, and the batch's JSON and gzip done once more on
    /// the side to time them apart from the POST. Returns false if the
    /// collector did not get every event exactly.
    func breakdown() async -> Bool {
        let directory = ScratchDirectory(under: parent)
        defer { directory.remove() }
        guard let store = await filledStore(in: directory) else { return false }
        let receiver: ReceiverProcess
        let uplink: HTTPUplink
        do {
            receiver = try ReceiverProcess.start()
            uplink = try HTTPUplink(
                configuration: HTTPUplinkConfiguration(url: receiver.url, source: Self.source, gzip: true),
                logger: logger)
        } catch {
            print("  breakdown: \(error)")
            await store.close()
            return false
        }

        var read = 0.0, json = 0.0, gzip = 0.0, deliver = 0.0, acknowledge = 0.0
        var jsonCPU = 0.0, gzipCPU = 0.0
        var acknowledgements = Latencies()
        var jsonBytes = 0, gzipBytes = 0, delivered = 0
        var failure: String?
        let start = Stopwatch.now()
        while failure == nil {
            var mark = Stopwatch.now()
            func lap() -> Double {
                let now = Stopwatch.now()
                defer { mark = now }
                return now - mark
            }
            let batch: [StoredEvent]
            do {
                batch = try await store.batch(for: uplink.name, limit: batchSize)
            } catch {
                failure = "outbox read: \(error)"
                break
            }
            read += lap()
            guard let last = batch.last else { break }
            let cpuStart = Stopwatch.threadCPU()
            let text = Array(CloudEvents.batch(batch, source: Self.source).utf8)
            let cpuJSON = Stopwatch.threadCPU()
            json += lap()
            do {
                gzipBytes += try Gzip.compress(text).count
            } catch {
                failure = "\(error)"
            }
            jsonCPU += cpuJSON - cpuStart
            gzipCPU += Stopwatch.threadCPU() - cpuJSON
            jsonBytes += text.count
            gzip += lap()
            let outcome = await uplink.deliver(batch)
            deliver += lap()
            guard outcome == .delivered else {
                failure = "\(outcome)"
                break
            }
            do {
                try await store.acknowledge(uplink: uplink.name, through: last.seq, delivered: batch.count)
            } catch {
                failure = "acknowledge: \(error)"
            }
            let acknowledged = lap()
            acknowledge += acknowledged
            acknowledgements.add(acknowledged)
            delivered += batch.count
        }
        let elapsed = Stopwatch.now() - start
        await uplink.shutdown()
        let collector = receiver.report()
        await store.close()

        // deliver() builds the same JSON and gzip again before it posts: the
        // runner's loop is the elapsed time less the side copies.
        let post = max(deliver - json - gzip, 0)
        let loop = elapsed - json - gzip
        func phase(_ name: String, _ seconds: Double) -> String {
            "\(name) \(Format.percent(seconds, of: loop)) "
                + "(\(Format.decimal(seconds * 1e6 / Double(max(delivered, 1)), 1)) µs/event)"
        }
        print("  breakdown: \(Format.grouped(delivered)) events stepped by hand, "
              + "\(Format.rate(delivered, loop)) events/s without the side JSON and gzip; share of that time:")
        print("    " + [
            phase("outbox read", read), phase("CloudEvents JSON", json), phase("gzip", gzip),
            phase("POST + collector", post), phase("acknowledge (synced commit)", acknowledge),
        ].joined(separator: ", "))
        func perEvent(_ seconds: Double) -> String { Format.decimal(seconds * 1e6 / Double(max(delivered, 1)), 1) }
        print("    JSON \(jsonBytes / max(delivered, 1)) B/event, gzip \(gzipBytes / max(delivered, 1)) B/event "
              + "(\(Format.decimal(Double(jsonBytes) / Double(max(gzipBytes, 1)), 1))× smaller); thread CPU: "
              + "JSON \(perEvent(jsonCPU)) µs/event, gzip \(perEvent(gzipCPU)) µs/event")
        print("    per acknowledgement: \(acknowledgements.summary)")
        let uniqueIDs = Int(collector["unique_ids"] ?? "") ?? -1
        if let failure { print("  breakdown failure: \(failure)") }
        if uniqueIDs != count {
            print("MISMATCH: the collector has \(uniqueIDs) unique ids in the breakdown, expected \(count)")
            return false
        }
        return failure == nil
    }
}
