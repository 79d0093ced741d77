import CZlib

/// Inflates a gzip body (RFC 1952) whole, refusing anything but exactly one
/// complete gzip member and anything that would grow past `limit` bytes.
public enum Gunzip {
    public struct Failure: Error, CustomStringConvertible, Equatable, Sendable {
        public var message: String
        public var description: String { message }
    }

    public static func decompress(_ input: [UInt8], limit: Int = 64 << 20) throws(Failure) -> [UInt8] {
        var stream = z_stream()
        // windowBits 15 + 16: gzip wrapper only, as Content-Encoding: gzip promises.
        guard inflateInit2_(&stream, 15 + 16, zlibVersion(), Int32(MemoryLayout<z_stream>.size)) == Z_OK else {
            throw Failure(message: "zlib could not start")
        }
        defer { inflateEnd(&stream) }

        var output: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 64 * 1024)
        var result = Z_OK
        input.withUnsafeBytes { inputBytes in
            stream.next_in = UnsafeMutablePointer(mutating: inputBytes.baseAddress?.assumingMemoryBound(to: Bytef.self))
            stream.avail_in = uInt(inputBytes.count)
            repeat {
                let produced = chunk.withUnsafeMutableBytes { chunkBytes in
                    stream.next_out = chunkBytes.baseAddress?.assumingMemoryBound(to: Bytef.self)
                    stream.avail_out = uInt(chunkBytes.count)
                    result = inflate(&stream, Z_NO_FLUSH)
                    return chunkBytes.count - Int(stream.avail_out)
                }
                output += chunk[..<produced]
            } while result == Z_OK && output.count <= limit && (stream.avail_in > 0 || stream.avail_out == 0)
        }
        guard output.count <= limit else { throw Failure(message: "body inflates to more than \(limit) bytes") }
        guard result == Z_STREAM_END else {
            let truncated = result == Z_OK || result == Z_BUF_ERROR
            throw Failure(message: truncated ? "gzip body is truncated" : "body is not valid gzip")
        }
        guard stream.avail_in == 0 else { throw Failure(message: "text after the end of the gzip stream") }
        return output
    }
}
