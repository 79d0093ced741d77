import PulseLog
import WagonCore

/// Records every edge to rotating native pulse logs, so that any day can be
/// replayed: `wagonctl replay DIR` of the directory gives the events the
/// live daemon gave.
///
/// Files are `pulses-YYYYMMDDTHHMMSSZ.csv` in `settings.directory`, named
/// after the UTC second of their first edge, so they sort in time order.
/// Each starts with the full header (`# wagon-pulse-log: 1`,
/// `sensor_spacing_m` and the other metadata, `t_ns,channel,level`) and
/// replays on its own. A file is rotated before it would pass
/// `maxFileBytes` or once it is `maxAge` old, then gzipped to `….csv.gz`
/// (a slice per call, see `FileFinisher`); retention deletes the oldest
/// rotated files beyond `retention`. Edge times are written as given; the
/// names and the age limits assume nanoseconds since the Unix epoch, so
/// the daemon records edges on the realtime clock.
///
/// Durability: lines reach the kernel every 64 KiB or `syncInterval`, and
/// the disk (`fdatasync`) every `syncInterval`: a power cut loses at most
/// that much, and may leave the last line half-written. The next start cuts
/// every leftover `.csv` back to its last complete line and gzips it, so a
/// recorded directory always replays.
///
/// Disk errors are thrown as `RecorderError` (`.diskFull` for ENOSPC) and
/// the recorder stays usable: the edges stay in memory and later calls
/// write them, in order, after the lines already in the file.
///
/// Not thread-safe, by design: it is used from one task or thread, the
/// daemon's counting loop, which owns it and already has the edges in time
/// order. It is not `Sendable`, so the compiler keeps it in one isolation
/// domain; a lock would only hide a second writer, whose edges would break
/// the time order of the files anyway.
public final class PulseRecorder {
    public let settings: RecorderSettings
    public let channels: ChannelTable
    public let metadata: PulseLogMetadata

    let directory: DirectoryHandle
    /// The header lines every file starts with.
    let header: [UInt8]
    /// Channel name bytes by `Detector.rawValue`.
    let channelNames: [[UInt8]]

    /// The file being written.
    var current: LogFile?
    /// Rotated files whose last lines are still to be written and synced.
    var sealed: [LogFile] = []
    /// Closed files on their way to `.csv.gz` (leftovers first).
    var finishing: [FileFinisher] = []
    /// Files in their final form, oldest first: what retention deletes.
    var finished: [(name: RecordedFileName, bytes: Int64)] = []
    /// The newest name used or found, so that names keep recording order.
    var newestName: RecordedFileName?

    var lastEdgeTime: Int64 = 0
    /// The latest wall clock seen (ns since the epoch).
    var now: Int64 = .min
    var nextSync: Int64 = .min
    var nextRetention: Int64 = .min
    var finishRetryAt: Int64 = .min
    var retentionDue = true
    /// Edges dropped while the disk refused writes, to note in the log.
    var lost: (edges: Int64, first: Int64, last: Int64)?
    var counters = RecorderStats()
    private var isClosed = false

    /// Lines reach the kernel in writes of about this size.
    static let flushBytes = 1 << 16
    static let retentionInterval: Int64 = 60_000_000_000
    /// Gzip that failed is tried again after this long.
    static let retryInterval: Int64 = 1_000_000_000
    /// 2020-01-01T00:00:00Z: older stamps come from a clock that was not set.
    static let clockSetSeconds: Int64 = 1_577_836_800

    /// Opens (creating if needed) and locks the directory, and finds the
    /// files of earlier runs: leftover `.csv` files are repaired and gzipped
    /// by the next calls, temporary files of an interrupted gzip removed.
    /// Throws `.misconfigured` when the directory cannot be used or another
    /// recorder holds it, or when `metadata` cannot be written.
    public init(settings: RecorderSettings, channels: ChannelTable, metadata: PulseLogMetadata) throws(RecorderError) {
        settings.validate()
        precondition(!channels.pointNames.isEmpty, "the recorder needs the channel table of at least one counting point")
        self.settings = settings
        self.channels = channels
        self.metadata = metadata
        do {
            let lines = try PulseLogWriter.headerLines(metadata, path: settings.directory)
            header = Array(lines.map { $0 + "\n" }.joined().utf8)
        } catch {
            throw RecorderError(.misconfigured, "\(error)")
        }
        var names: [[UInt8]] = []
        for point in channels.pointNames.indices {
            for side in Side.allCases {
                names.append(Array(channels.channelName(of: Detector(point: point, side: side)).utf8))
            }
        }
        channelNames = names
        directory = try DirectoryHandle(path: settings.directory)
        try findEarlierFiles()
    }

    deinit {
        // Without close(): write what can be written; the next start repairs
        // and gzips these files.
        for file in sealed { file.abandon(directory: directory) }
        current?.abandon(directory: directory)
    }

    /// Appends `edges` (time order, continuing the previous call's) to the
    /// current file, rotating it when a cap is reached, and does the disk
    /// work that is due: writing, syncing, a slice of gzip, retention.
    ///
    /// `wallClock` is the time now, ns since the Unix epoch: it drives the
    /// age cap, syncing and retention, so call `tick(wallClock:)` when no
    /// edges come. Edges with negative or decreasing times throw `.rejected`
    /// and none of them are recorded. After `.diskFull` or `.io` the edges
    /// are kept in memory and written by a later call: do not hand them
    /// again. Past `maxBufferedBytes` of such edges, new ones are dropped,
    /// counted in `stats.edgesDropped` and noted in the log.
    public func record(_ edges: some Collection<Edge>, wallClock: Int64) throws(RecorderError) {
        // One loop over contiguous edges: a generic one across the module
        // boundary would run unspecialised, at less than half the speed.
        let outcome = edges.withContiguousStorageIfAvailable { edges -> Result<Void, RecorderError> in
            do throws(RecorderError) {
                try record(edges, wallClock: wallClock)
                return .success(())
            } catch {
                return .failure(error)
            }
        }
        if let outcome { return try outcome.get() }
        try Array(edges).withUnsafeBufferPointer { edges throws(RecorderError) in try record(edges, wallClock: wallClock) }
    }

    private func record(_ edges: UnsafeBufferPointer<Edge>, wallClock: Int64) throws(RecorderError) {
        precondition(!isClosed, "record after close()")
        now = max(now, wallClock)
        var last = lastEdgeTime
        for edge in edges {
            precondition(Int(edge.detector.rawValue) < channelNames.count,
                         "an edge of counting point \(edge.detector.point), which is not in the recorder's channel table")
            guard edge.time >= last else {
                let what = edge.time < 0 ? "is negative" : "goes backwards (after \(last))"
                throw RecorderError(.rejected, "cannot record edge time \(edge.time): it \(what); pulse logs need non-decreasing t_ns >= 0")
            }
            guard edge.time <= TimeLimit.latest else {
                throw RecorderError(.rejected, "cannot record edge time \(edge.time): it is \(TimeLimit.pastTheEnd); no reader would accept it")
            }
            last = edge.time
        }
        if let file = current, now &- file.startedAt >= settings.maxAge.nanoseconds { seal() }
        var appended = 0
        if !edges.isEmpty {
            if bufferedBytes >= settings.maxBufferedBytes { _ = try? writeRotatedAndCurrent() }
            if bufferedBytes >= settings.maxBufferedBytes {
                drop(edges)
            } else {
                let before = bufferedBytes
                append(edges)
                appended = bufferedBytes - before
            }
            lastEdgeTime = last
        }
        try drain(budget: max(settings.compressionSliceBytes, 2 * appended), everything: false)
    }

    /// `record` with no edges: rotates an old file, syncs, gzips, deletes.
    public func tick(wallClock: Int64) throws(RecorderError) {
        try record(EmptyCollection<Edge>(), wallClock: wallClock)
    }

    /// Closes the current file now and gzips every rotated file before
    /// returning. The next edge starts a new file.
    public func rotate() throws(RecorderError) {
        precondition(!isClosed, "rotate after close()")
        seal()
        try drain(budget: .max, everything: true)
    }

    /// Rotates (so every file is in its final form), then releases the
    /// directory. On failure the recorder stays open: call `close()` again
    /// or let it go (the next start repairs and gzips what is left).
    public func close() throws(RecorderError) {
        guard !isClosed else { return }
        seal()
        try drain(budget: .max, everything: true)
        isClosed = true
        directory.close()
    }

    public var stats: RecorderStats {
        var stats = counters
        stats.bytesBuffered = bufferedBytes
        stats.files = finished.count + finishing.count + sealed.count + (current == nil ? 0 : 1)
        stats.bytesOnDisk = bytesOnDisk
        stats.currentFile = current?.path
        return stats
    }

    /// Paths of the recorded files in recording order, the current one last.
    public var files: [String] {
        var names = finished.map(\.name) + finishing.map(\.result)
        names.sort()
        return (names + sealed.map(\.name) + (current.map { [$0.name] } ?? [])).map { directory.file($0.description) }
    }

    // MARK: Lines

    private func append(_ edges: UnsafeBufferPointer<Edge>) {
        let cap = Int64(settings.maxFileBytes)
        for edge in edges {
            let channel = channelNames[Int(edge.detector.rawValue)]
            // At most 19 digits, the name, two commas, the level and a newline.
            if let file = current, file.edges > 0, file.size + Int64(channel.count + 23) > cap { seal() }
            let file = current ?? startFile(at: edge.time)
            if let gap = lost {
                file.appendComment(Self.gapComment(gap))
                lost = nil
            }
            file.append(edge, channel: channel)
        }
        counters.edgesRecorded += Int64(edges.count)
    }

    private func drop(_ edges: UnsafeBufferPointer<Edge>) {
        guard let first = edges.first?.time, let last = edges.last?.time else { return }
        let count = Int64(edges.count)
        lost = ((lost?.edges ?? 0) + count, lost?.first ?? first, last)
        counters.edgesDropped += count
    }

    /// A comment for dropped edges: it starts with a digit, so a reader
    /// never takes it for a `# key: value` metadata line.
    static func gapComment(_ gap: (edges: Int64, first: Int64, last: Int64)) -> String {
        "\(gap.edges) edges not recorded from t_ns \(gap.first) to \(gap.last): the disk refused writes"
    }

    private func startFile(at time: Int64) -> LogFile {
        var name = RecordedFileName(startNanoseconds: time)
        if let newest = newestName, name.startSeconds <= newest.startSeconds { name = newest.successor }
        newestName = name
        let file = LogFile(name: name, directory: directory.path, header: header, startedAt: now)
        current = file
        counters.filesCreated += 1
        return file
    }

    /// Ends the current file; its last lines are written by `drain`.
    func seal() {
        guard let file = current else { return }
        if let gap = lost {
            file.appendComment(Self.gapComment(gap))
            lost = nil
        }
        sealed.append(file)
        current = nil
    }

    var bufferedBytes: Int {
        sealed.reduce(current?.pending.count ?? 0) { $0 + $1.pending.count }
    }
}
