import BenchSupport
import EventStore
import Logging

#if canImport(Glibc)
import Glibc
#endif

/// Durable appends per second into a fresh outbox on disk: one event per
/// append (each its own synced commit) and B events per append. Usage:
///
///     swift run -c release --package-path Benchmarks store-append [--events N] [--batch 1,10,100] [--dir DIR]
@main
struct StoreAppend {
    static let usage = """
        USAGE: store-append [--events N] [--batch B[,B...]] [--dir DIR]
          --events  events appended per batch size (default 10000)
          --batch   events per append, one run each (default 1,10,100)
          --dir     where the scratch outboxes go (default $TMPDIR, else /var/tmp); not tmpfs
        """

    static func main() async {
        let options = Options(usage: usage, flags: ["--events", "--batch", "--dir"])
        let count = options.int("--events", default: 10_000)
        let batchSizes = options.ints("--batch", default: [1, 10, 100])
        let parent = options.string("--dir")

        var logger = Logger(label: "bench.store")
        logger.logLevel = .warning
        let trains = TrainEvents()
        let sizes = trains.dataSizes

        let probeDirectory = ScratchDirectory(under: parent)
        print("store-append: \(Format.grouped(count)) train events per run, data \(sizes.min)–\(sizes.max) B (mean \(sizes.mean))")
        print("  machine: \(Machine.summary)")
        print("  outbox directory: \(probeDirectory.path): \(probeDirectory.filesystem)")
        if probeDirectory.isTmpfs {
            print("  WARNING: tmpfs does not sync; these are not durable-append numbers (use --dir on a disk)")
        }
        let overwrite = DiskProbe.overwriteAndSync(in: probeDirectory.path)
        let append = DiskProbe.appendAndSync(in: probeDirectory.path)
        print("  disk floor, 4 kB overwritten + fsync: \(overwrite.summary) (\(Format.rate(overwrite.count, overwrite.total)) syncs/s)")
        print("  disk floor, 4 kB appended + fsync: \(append.summary) (\(Format.rate(append.count, append.total)) syncs/s)")
        probeDirectory.remove()

        for batchSize in batchSizes {
            await run(count: count, batchSize: batchSize, trains: trains, parent: parent, logger: logger)
        }
    }

    static func run(count: Int, batchSize: Int, trains: TrainEvents, parent: String?, logger: Logger) async {
        let directory = ScratchDirectory(under: parent)
        defer { directory.remove() }
        let store = await EventStore.open(path: directory.path + "/outbox.sqlite", logger: logger)
        guard await store.isDurable else {
            print("batch \(batchSize): the outbox did not open on disk; see the log above")
            return
        }
        let events = trains.events(0..<count)
        var latencies = Latencies()
        var commits = 0
        let writtenBefore = ProcessMemory.storageWrites()
        let cpuBefore = Stopwatch.cpu()
        let start = Stopwatch.now()
        for first in stride(from: 0, to: count, by: batchSize) {
            let began = Stopwatch.now()
            let receipt = batchSize == 1
                ? await store.append(events[first])
                : await store.append(Array(events[first..<min(first + batchSize, count)]))
            latencies.add(Stopwatch.now() - began)
            commits += 1
            guard case .durable = receipt else {
                print("batch \(batchSize): append \(commits) was not durable: \(receipt)")
                await store.close()
                return
            }
        }
        let elapsed = Stopwatch.now() - start
        let cpuAfter = Stopwatch.cpu()
        let written = ProcessMemory.storageWrites() - writtenBefore
        let stats = await store.stats()
        await store.close()

        let cpu = (cpuAfter.user - cpuBefore.user) + (cpuAfter.system - cpuBefore.system)
        print("batch \(batchSize): \(Format.rate(count, elapsed)) events/s, \(Format.rate(commits, elapsed)) commits/s "
              + "(\(Format.grouped(commits)) commits in \(Format.decimal(elapsed, 2)) s)")
        print("  per commit: \(latencies.summary); CPU \(Format.percent(cpu, of: elapsed)) of one core; "
              + "file \(Format.mebibytes(stats.fileBytes)) = \(stats.fileBytes / max(stats.events, 1)) B/event on disk, "
              + "\(written / count) B/event written")
    }
}
