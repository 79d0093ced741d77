import BenchSupport
import Logging

#if canImport(Glibc)
import Glibc
#endif

/// Drains a backlog of train events from a fresh outbox through
/// `UplinkRunner.drain` and `HTTPUplink` (gzip on) to a loopback collector in
/// a child process, and prints events/s, what the collector got, where the
/// time went and the drain's peak RSS. Usage:
///
///     swift run -c release --package-path Benchmarks drain [--events 100000] [--batch 500] [--breakdown 20000]
@main
struct Drain {
    static let usage = """
        USAGE: drain [--events N] [--batch B[,B...]] [--breakdown M] [--dir DIR]
          --events     backlog drained per batch size (default 100000)
          --batch      events per HTTP batch, one run each (default 500; e.g. 100,500,1000)
          --breakdown  events for a second, hand-stepped drain timing each phase (default 20000)
          --dir        where the scratch outboxes go (default $TMPDIR, else /var/tmp); not tmpfs
        """

    static func main() async {
        if CommandLine.arguments.dropFirst().first == ReceiverProcess.flag {
            await ReceiverProcess.serve()
            return
        }
        // A collector process that died must show as a MISMATCH, not kill the drain on its next write.
        signal(SIGPIPE, SIG_IGN)
        let options = Options(usage: usage, flags: ["--events", "--batch", "--breakdown", "--dir"])
        let count = options.int("--events", default: 100_000)
        let batchSizes = options.ints("--batch", default: [500])
        let breakdownCount = options.int("--breakdown", default: 20_000, minimum: 0)
        let parent = options.string("--dir")

        var logger = Logger(label: "bench.drain")
        logger.logLevel = .warning
        let trains = TrainEvents()
        let sizes = trains.dataSizes
        let scratch = ScratchDirectory(under: parent)
        print("drain: \(Format.grouped(count)) train events per run, data \(sizes.min)–\(sizes.max) B (mean \(sizes.mean)), "
              + "HTTPUplink with gzip to a loopback collector in a child process")
        print("  machine: \(Machine.summary)")
        print("  outbox directory: \(scratch.path): \(scratch.filesystem)")
        if scratch.isTmpfs { print("  WARNING: tmpfs does not sync; acknowledgements cost less than on a disk") }
        scratch.remove()

        var allMatched = true
        for batchSize in batchSizes {
            let run = DrainRun(count: count, batchSize: batchSize, trains: trains, parent: parent, logger: logger)
            allMatched = await run.measure() && allMatched
            if breakdownCount > 0 {
                let breakdown = DrainRun(
                    count: breakdownCount, batchSize: batchSize, trains: trains, parent: parent, logger: logger)
                allMatched = await breakdown.breakdown() && allMatched
            }
        }
        if !allMatched { exit(1) }
    }
}
