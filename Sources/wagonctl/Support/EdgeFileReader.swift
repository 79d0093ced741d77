import Dispatch
import PulseLog
import WagonCore

/// What the reader thread of `replay` hands to the counting thread.
enum EdgeChunk: Sendable {
    /// The first file's metadata, before any edges.
    case metadata(PulseLogMetadata)
    case edges([Edge], ChannelTable)
    case failure(any Error)
    case end
}

/// Reads edge files one after another on its own thread, so parsing runs
/// beside counting. Files are one stream: each must start no earlier than
/// the previous one ended.
struct EdgeFileReader: @unchecked Sendable {
    // @unchecked: the reader is moved to its thread and used only there.
    var files: [String]
    var mapping: LineMapping?
    var format: PulseLogFormat?
    var chunkSize = 16_384

    /// Starts reading on a thread of its own and returns the first file's
    /// metadata, which comes before any edge (and can set the geometry).
    func start(into pipe: ChunkPipe<EdgeChunk>) throws -> PulseLogMetadata {
        DispatchQueue.global().async {
            do {
                try read(into: pipe)
                pipe.put(.end)
            } catch {
                pipe.put(.failure(error))
            }
        }
        switch pipe.take() {
        case .metadata(let metadata): return metadata
        case .failure(let error): throw error
        case .edges, .end: preconditionFailure("the reader sends the first file's metadata before anything else")
        }
    }

    private func read(into pipe: ChunkPipe<EdgeChunk>) throws {
        var channels = ChannelTable()
        var lastTime = Nanoseconds.min
        var lastFile = ""
        for (index, file) in files.enumerated() {
            var source = try openEdgeSource(path: file, mapping: mapping, format: format, channels: channels)
            if index == 0 { pipe.put(.metadata(source.metadata)) }
            var edges: [Edge] = []
            edges.reserveCapacity(chunkSize)
            while try source.readEdges(into: &edges, maxCount: chunkSize) {
                if let first = edges.first, first.time < lastTime {
                    throw PulseLogError(.badData, path: file, line: nil,
                                        message: "starts at \(first.time), before the end of \(lastFile) (\(lastTime)); name files in time order")
                }
                lastTime = edges.last?.time ?? lastTime
                pipe.put(.edges(edges, source.channels))
                edges = []
                edges.reserveCapacity(chunkSize)
            }
            channels = source.channels
            lastFile = file
        }
    }
}
