import Glibc

extension PulseRecorder {
    /// Takes stock of the files of earlier runs. A `.csv` is a leftover (a
    /// power cut, a crash, or a gzip that had not finished): it is queued to
    /// be cut back to its last complete line and gzipped, unless a `.csv.gz`
    /// of the same name exists, which is then complete (it was synced before
    /// it got its name) and the `.csv` is removed. Temporary files of an
    /// interrupted gzip are removed. Files that are not ours are left alone.
    func findEarlierFiles() throws(RecorderError) {
        var plain: [RecordedFileName: Int64] = [:]
        var compressed: [RecordedFileName: Int64] = [:]
        var removed = false
        for entry in try directory.names() {
            let path = directory.file(entry)
            if entry.hasPrefix(".\(RecordedFileName.prefix)") && entry.hasSuffix(".tmp") {
                removed = unlink(path) == 0 || removed
                continue
            }
            guard let name = RecordedFileName(parsing: entry) else { continue }
            var info = stat()
            guard stat(path, &info) == 0, (info.st_mode & S_IFMT) == S_IFREG else { continue }
            if name.compressed {
                compressed[RecordedFileName(startSeconds: name.startSeconds, sequence: name.sequence, compressed: false)] = Int64(info.st_size)
            } else {
                plain[name] = Int64(info.st_size)
            }
        }
        for (name, bytes) in plain {
            if compressed[name] != nil {
                removed = unlink(directory.file(name.description)) == 0 || removed
            } else {
                finishing.append(FileFinisher(name: name, directory: directory.path, bytes: bytes,
                                              repair: true, compress: settings.compressRotatedFiles))
            }
        }
        if removed { try? directory.sync() }
        finishing.sort { $0.name < $1.name }
        finished = compressed.map { ($0.key.gzipped, $0.value) }.sorted { $0.name < $1.name }
        newestName = (finished.map(\.name) + finishing.map(\.name)).max()
    }
}
