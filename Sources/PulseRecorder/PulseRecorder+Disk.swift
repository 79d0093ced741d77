import Glibc

extension PulseRecorder {
    /// The disk work that is due, in order of importance: lines of rotated
    /// files, lines of the current file, syncing, gzip (about `budget`
    /// bytes, or all with `everything`), retention. Stops at the first
    /// failure, leaving everything to be retried by the next call.
    func drain(budget: Int, everything: Bool) throws(RecorderError) {
        let syncDue = everything || now >= nextSync
        try writeRotatedAndCurrent(sync: syncDue, force: everything)
        if syncDue { nextSync = now &+ settings.syncInterval.nanoseconds }

        if everything || now >= finishRetryAt {
            var left = budget
            while let finisher = finishing.first, everything || left > 0 {
                let step: (bytes: Int, done: Bool)
                do {
                    step = try finisher.advance(budget: everything ? .max : left, directory: directory)
                } catch {
                    finishRetryAt = now &+ Self.retryInterval
                    throw error
                }
                left -= step.bytes
                guard step.done else { break }
                finishing.removeFirst()
                if finisher.repairedBytes > 0 { counters.filesRepaired += 1 }
                if finisher.wasRemoved { continue }
                if finisher.result.compressed {
                    counters.filesCompressed += 1
                    counters.compressedBytesIn += finisher.sourceBytes
                    counters.compressedBytesOut += finisher.targetBytes
                }
                finished.append((finisher.result, finisher.bytesOnDisk))
                finished.sort { $0.name < $1.name }
                retentionDue = true
            }
        }

        if retentionDue || now >= nextRetention {
            try applyRetention()
            retentionDue = false
            nextRetention = now &+ Self.retentionInterval
        }
    }

    /// Writes, syncs and closes rotated files (queuing them for gzip), then
    /// writes the current file's lines once 64 KiB wait, or when `force`d
    /// or a `sync` is due.
    func writeRotatedAndCurrent(sync: Bool = false, force: Bool = false) throws(RecorderError) {
        while let file = sealed.first {
            counters.bytesWritten += Int64(try file.flush(directory: directory))
            try file.finish(directory: directory)
            sealed.removeFirst()
            finishing.append(FileFinisher(name: file.name, directory: directory.path, bytes: file.committed,
                                          repair: false, compress: settings.compressRotatedFiles))
        }
        guard let file = current else { return }
        if file.pending.count >= Self.flushBytes || sync || force {
            counters.bytesWritten += Int64(try file.flush(directory: directory))
        }
        if sync { try file.sync() }
    }

    /// Deletes the oldest files in their final form while the directory is
    /// over `maxTotalBytes`, or while everything in them is older than
    /// `maxAgeDays` (older than the start of the next file). Files stamped
    /// before 2020 were recorded before the clock was set (a board without
    /// a real-time clock, before NTP): their age says nothing, and only the
    /// size cap deletes them.
    func applyRetention() throws(RecorderError) {
        let maxAgeSeconds = Int64(settings.retention.maxAgeDays) * 86_400
        let nowSeconds = now / 1_000_000_000
        var total = bytesOnDisk
        while let oldest = finished.first {
            let end = startOfFile(after: oldest.name) ?? oldest.name.startSeconds
            let expired = now != .min && oldest.name.startSeconds >= Self.clockSetSeconds && nowSeconds - end > maxAgeSeconds
            guard total > settings.retention.maxTotalBytes || expired else { break }
            let path = directory.file(oldest.name.description)
            guard unlink(path) == 0 || errno == ENOENT else { throw .system("cannot remove \(path)", errno: errno) }
            finished.removeFirst()
            total -= oldest.bytes
            counters.filesDeleted += 1
        }
    }

    /// The start (UTC seconds) of the first recorded file after `name`.
    private func startOfFile(after name: RecordedFileName) -> Int64? {
        let later = finished.map(\.name) + finishing.map(\.name) + sealed.map(\.name) + (current.map { [$0.name] } ?? [])
        return later.filter { name < $0 && !$0.isSameRecording(as: name) }.map(\.startSeconds).min()
    }

    /// What the recorded files take, counting lines not yet written.
    var bytesOnDisk: Int64 {
        var total = finished.reduce(0) { $0 + $1.bytes }
        total += finishing.reduce(0) { $0 + $1.bytesOnDisk }
        total += sealed.reduce(0) { $0 + $1.size }
        return total + (current?.size ?? 0)
    }
}
