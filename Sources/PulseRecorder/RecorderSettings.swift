/// Where the recorder writes and when it rotates, compresses, syncs and
/// deletes. The defaults suit a trackside box with a few GB of flash: a file
/// per hour (or per 64 MiB), gzipped when rotated, 30 days or 2 GiB kept.
public struct RecorderSettings: Sendable, Equatable {
    /// How much recorded history to keep, over all files in the directory.
    /// The oldest files are deleted first; the file being written never is.
    public struct Retention: Sendable, Equatable {
        /// Total size of all recorded files, compressed or not.
        public var maxTotalBytes: Int64
        /// A rotated file is deleted once everything in it is older than this.
        public var maxAgeDays: Int

        public init(maxTotalBytes: Int64 = 2 << 30, maxAgeDays: Int = 30) {
            self.maxTotalBytes = maxTotalBytes
            self.maxAgeDays = maxAgeDays
        }
    }

    /// The directory of the logs, created if missing. The recorder owns the
    /// files named `pulses-*.csv[.gz]` in it (and `.recorder.lock`); it
    /// leaves every other file alone.
    public var directory: String
    /// A file is rotated before a line would take it past this size.
    public var maxFileBytes: Int
    /// A file is rotated once it has been open this long (by the wall
    /// clock given to `record`), so that each file covers a bounded period
    /// and a quiet line still gets its file compressed.
    public var maxAge: Duration
    public var retention: Retention
    /// Gzip rotated files (`.csv.gz`); without it they stay `.csv`.
    public var compressRotatedFiles: Bool
    /// How often written lines are forced to the disk (`fdatasync`): at most
    /// this much is lost in a power cut. Lines reach the kernel (and survive
    /// a crash of the daemon) at least this often too, or every 64 KiB.
    public var syncInterval: Duration
    /// Lines held in memory while the disk refuses writes; past this, new
    /// edges are dropped (counted, and noted in the log once writes resume).
    public var maxBufferedBytes: Int
    /// Uncompressed bytes gzipped per `record` call at least, so that
    /// compressing a rotated file never stalls the counting loop for long
    /// (each call also compresses twice what it recorded, so compression
    /// keeps up). `rotate()` and `close()` finish all compression.
    public var compressionSliceBytes: Int

    public init(
        directory: String,
        maxFileBytes: Int = 64 << 20,
        maxAge: Duration = .seconds(3600),
        retention: Retention = Retention(),
        compressRotatedFiles: Bool = true,
        syncInterval: Duration = .seconds(5),
        maxBufferedBytes: Int = 16 << 20,
        compressionSliceBytes: Int = 1 << 20
    ) {
        self.directory = directory
        self.maxFileBytes = maxFileBytes
        self.maxAge = maxAge
        self.retention = retention
        self.compressRotatedFiles = compressRotatedFiles
        self.syncInterval = syncInterval
        self.maxBufferedBytes = maxBufferedBytes
        self.compressionSliceBytes = compressionSliceBytes
    }

    /// Traps with a sentence on values no configuration should produce.
    func validate() {
        precondition(!directory.isEmpty, "the recorder needs a directory")
        precondition(maxFileBytes >= 1024, "maxFileBytes must be at least 1 KiB, got \(maxFileBytes)")
        precondition(maxAge > .zero, "maxAge must be positive")
        precondition(retention.maxTotalBytes > 0, "retention.maxTotalBytes must be positive")
        precondition(retention.maxAgeDays > 0, "retention.maxAgeDays must be positive")
        precondition(syncInterval >= .zero, "syncInterval must not be negative")
        precondition(maxBufferedBytes >= 1 << 16, "maxBufferedBytes must be at least 64 KiB")
        precondition(compressionSliceBytes > 0, "compressionSliceBytes must be positive")
    }
}
