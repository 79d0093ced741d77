/// What the recorder has done since it was made, and what is on disk now:
/// for metrics and `wagonctl status`.
public struct RecorderStats: Sendable, Equatable {
    /// Edges taken into a file (written, or held until the disk takes them).
    public var edgesRecorded: Int64 = 0
    /// Edges dropped because the disk refused writes for too long.
    public var edgesDropped: Int64 = 0
    /// Bytes of lines handed to the kernel.
    public var bytesWritten: Int64 = 0
    /// Bytes of lines waiting in memory.
    public var bytesBuffered = 0
    /// Files started (each with the full header).
    public var filesCreated = 0
    /// Files gzipped, and their sizes before and after.
    public var filesCompressed = 0
    public var compressedBytesIn: Int64 = 0
    public var compressedBytesOut: Int64 = 0
    /// Leftovers of a previous run cut back to their last complete line.
    public var filesRepaired = 0
    /// Files deleted by retention.
    public var filesDeleted = 0
    /// Recorded files in the directory now, and their total size.
    public var files = 0
    public var bytesOnDisk: Int64 = 0
    /// The file being written, if any.
    public var currentFile: String?

    public init() {}
}
