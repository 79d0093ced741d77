import CZlib

/// Streaming gunzip (RFC 1952) over the system zlib, in constant memory:
/// `ByteInput` pulls compressed bytes through it one buffer at a time, so a
/// `.csv.gz` pulse log is read like the `.csv` it holds, and line numbers in
/// errors are those of the uncompressed text.
///
/// Concatenated gzip members (what `cat a.gz b.gz` makes) are read as one
/// stream, as `gzip -d` does. Anything else after a member, a damaged
/// member or a file that ends inside a member is `.badData`, naming the file.
final class GzipInflater {
    /// The gzip magic number, the first two bytes of every member.
    static let magic: (UInt8, UInt8) = (0x1F, 0x8B)

    private let path: String
    /// zlib keeps a pointer back to the stream: it must not move.
    private let stream: UnsafeMutablePointer<z_stream>
    private let input: UnsafeMutablePointer<UInt8>
    private let inputCapacity: Int
    /// A member ended; more input means another member.
    private var memberEnded = false
    /// The last member ended at the end of the input.
    private var finished = false
    /// What `inflateInit2` said; anything but `Z_OK` fails the first read.
    private let initResult: Int32

    init(path: String, inputBufferSize: Int = 1 << 16) {
        self.path = path
        inputCapacity = inputBufferSize
        stream = .allocate(capacity: 1)
        stream.initialize(to: z_stream())
        input = .allocate(capacity: inputBufferSize)
        // windowBits 15 + 16: any window size, gzip wrapper only.
        initResult = inflateInit2_(stream, 15 + 16, zlibVersion(), Int32(MemoryLayout<z_stream>.size))
    }

    deinit {
        if initResult == Z_OK { inflateEnd(stream) }
        stream.deinitialize(count: 1)
        stream.deallocate()
        input.deallocate()
    }

    /// True when a file's first two bytes are those of a gzip member.
    static func isGzip(_ first: UInt8, _ second: UInt8) -> Bool {
        first == magic.0 && second == magic.1
    }

    /// Decompresses up to `count` bytes into `destination`, pulling
    /// compressed bytes from `refill` (which returns 0 at end of input).
    /// Returns 0 only at the end of the last member.
    func read(into destination: UnsafeMutablePointer<UInt8>, count: Int,
              refill: (UnsafeMutablePointer<UInt8>, Int) throws -> Int) throws -> Int {
        guard initResult == Z_OK else {
            throw PulseLogError(.io, path: path, message: "cannot start gunzip: zlib error \(initResult)")
        }
        guard !finished, count > 0 else { return 0 }
        let room = uInt(clamping: count)
        stream.pointee.next_out = destination
        stream.pointee.avail_out = room
        while stream.pointee.avail_out == room {
            if stream.pointee.avail_in == 0 {
                let n = try refill(input, inputCapacity)
                if n == 0 {
                    if memberEnded {
                        finished = true
                        return 0
                    }
                    throw PulseLogError(.badData, path: path, message: "gzip data ends early: the file is truncated")
                }
                stream.pointee.next_in = input
                stream.pointee.avail_in = uInt(n)
            }
            if memberEnded {
                inflateReset(stream)
                memberEnded = false
            }
            let result = inflate(stream, Z_NO_FLUSH)
            switch result {
            case Z_OK:
                continue
            case Z_STREAM_END:
                memberEnded = true
            case Z_BUF_ERROR where stream.pointee.avail_in == 0:
                continue  // needs more input
            case Z_MEM_ERROR:
                throw PulseLogError(.io, path: path, message: "gunzip: out of memory")
            default:
                throw PulseLogError(.badData, path: path, message: "not valid gzip data: \(reason(result))")
            }
        }
        return count - Int(stream.pointee.avail_out)
    }

    private func reason(_ code: Int32) -> String {
        if let message = stream.pointee.msg { return String(cString: message) }
        return "zlib error \(code)"
    }
}
