import Glibc
import WagonCore

/// Maps the bytes of a channel name to its detector without building a
/// `String`: names of up to 8 bytes are compared as one 64-bit word, the two
/// most recent (typically `A` and `B`) without touching an array.
struct ChannelCache {
    private var key0: UInt64 = 0, length0 = -1, detector0 = Detector(point: 0, side: .a)
    private var key1: UInt64 = 0, length1 = -1, detector1 = Detector(point: 0, side: .a)
    private var short: [(key: UInt64, length: Int, detector: Detector)] = []
    private var long: [(name: [UInt8], detector: Detector)] = []

    /// The 8 bytes at `bytes` with those past `length` cleared. `bytes` must
    /// have 8 readable bytes (the input buffer is padded for this).
    @inline(__always)
    static func key(_ bytes: UnsafePointer<UInt8>, _ length: Int) -> UInt64 {
        let word = UInt64(littleEndian: UnsafeRawPointer(bytes).loadUnaligned(as: UInt64.self))
        return length >= 8 ? word : word & ((1 << (UInt64(length) &* 8)) &- 1)
    }

    @inline(__always)
    func lookup(_ bytes: UnsafePointer<UInt8>, _ length: Int) -> Detector? {
        if length <= 8 {
            let key = Self.key(bytes, length)
            if key == key0 && length == length0 { return detector0 }
            if key == key1 && length == length1 { return detector1 }
            for entry in short where entry.key == key && entry.length == length { return entry.detector }
            return nil
        }
        for entry in long where entry.name.count == length {
            if entry.name.withUnsafeBufferPointer({ memcmp($0.baseAddress!, bytes, length) }) == 0 {
                return entry.detector
            }
        }
        return nil
    }

    /// Remembers a valid channel name (checked by `ChannelTable` first).
    mutating func insert(_ name: UnsafeBufferPointer<UInt8>, _ detector: Detector) {
        guard !name.isEmpty else { return }
        if name.count > 8 {
            long.append((Array(name), detector))
            return
        }
        // Copy to a padded scratch word: the name may sit at the very end of a buffer.
        var word: UInt64 = 0
        withUnsafeMutableBytes(of: &word) { $0.copyMemory(from: UnsafeRawBufferPointer(name)) }
        let key = UInt64(littleEndian: word)
        if length0 < 0 {
            (key0, length0, detector0) = (key, name.count, detector)
        } else if length1 < 0 {
            (key1, length1, detector1) = (key, name.count, detector)
        } else {
            short.append((key, name.count, detector))
        }
    }
}
