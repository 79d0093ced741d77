/// Eight bytes at a time ("SIMD within a register") for the hot path of the
/// native reader. The digit parsing follows Lemire's well-known method
/// (simdjson, fast_float); the byte masks are the classic bit tricks.
enum SWAR {
    static let ones: UInt64 = 0x0101_0101_0101_0101
    static let highBits: UInt64 = 0x8080_8080_8080_8080
    static let zeros: UInt64 = 0x3030_3030_3030_3030

    /// The 8 bytes at `p`, first byte lowest. `p` must have 8 readable bytes.
    @inline(__always)
    static func load(_ p: UnsafePointer<UInt8>) -> UInt64 {
        UInt64(littleEndian: UnsafeRawPointer(p).loadUnaligned(as: UInt64.self))
    }

    /// 0x80 in every byte that is not an ASCII digit, 0 elsewhere.
    @inline(__always)
    static func nonDigits(_ word: UInt64) -> UInt64 {
        let x = word ^ zeros
        return (((x & 0x7F7F_7F7F_7F7F_7F7F) &+ 0x7676_7676_7676_7676) | x) & highBits
    }

    /// 0x80 in every byte equal to `byte`, 0 elsewhere (exact, no false hits).
    @inline(__always)
    static func bytes(_ word: UInt64, equalTo byte: UInt8) -> UInt64 {
        let x = word ^ (ones &* UInt64(byte))
        return ~(((x & 0x7F7F_7F7F_7F7F_7F7F) &+ 0x7F7F_7F7F_7F7F_7F7F) | x) & highBits
    }

    /// The value of 8 ASCII digits, the first byte most significant.
    @inline(__always)
    static func eightDigits(_ word: UInt64) -> UInt64 {
        var v = word &- zeros
        v = (v &* 10) &+ (v &>> 8)
        return (((v & 0x0000_00FF_0000_00FF) &* 0x000F_4240_0000_0064)
            &+ (((v &>> 16) & 0x0000_00FF_0000_00FF) &* 0x0000_2710_0000_0001)) &>> 32
    }

    /// The value of the first `count` (1...7) ASCII digits of `word`.
    @inline(__always)
    static func leadingDigits(_ word: UInt64, count: Int) -> UInt64 {
        let shift = UInt64(count &* 8)
        return eightDigits((word &<< (64 &- shift)) | (zeros &>> shift))
    }

    @inline(__always)
    static func powerOfTen(_ exponent: Int) -> UInt64 {
        switch exponent {
        case 0: return 1
        case 1: return 10
        case 2: return 100
        case 3: return 1000
        case 4: return 10000
        case 5: return 100_000
        case 6: return 1_000_000
        default: return 10_000_000
        }
    }
}
