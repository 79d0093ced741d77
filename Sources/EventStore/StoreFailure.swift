import SQLiteNIO

/// What a SQLite error means for the store's policy.
enum StoreFailure {
    /// The file is not a sound database: move it aside and start afresh.
    case corrupt
    /// The disk refuses writes for now (full, read-only, I/O): hold events in
    /// memory and retry.
    case unwritable
    /// Anything else.
    case other

    init(_ error: any Error) {
        if error is IntegrityCheckFailed { self = .corrupt; return }
        guard let error = error as? SQLiteError else { self = .other; return }
        switch error.reason {
        case .corrupt, .corruptIndex, .corruptSequenceSchema, .corruptVirtualTable, .notADatabase, .format:
            self = .corrupt
        case .full, .readOnly, .readonlyDirectory, .readonlyCantLock, .readonlyInRecovery, .readonlyInRollback,
             .readonlyBackingMoved, .ioError, .cantOpen, .permission, .noLFS,
             .ioErrorFailedWrite, .ioErrorFailedSync, .ioErrorFailedDirSync, .ioErrorFailedTruncate,
             .ioErrorFailedSharedMemOpen, .ioErrorFailedSharedMemSize, .ioErrorFailedSharedMemMap,
             .ioErrorFailedAccess, .ioErrorFailedRead, .ioErrorIncompleteRead, .ioErrorFailedStat,
             .ioErrorFailedClose, .ioErrorFailedDelete, .cantOpenDirectory:
            self = .unwritable
        default:
            self = .other
        }
    }
}

/// A short, human description of a SQLite error for events and logs.
func describe(_ error: any Error) -> String {
    if let error = error as? SQLiteError { return error.message.isEmpty ? "\(error.reason)" : error.message }
    return "\(error)"
}
