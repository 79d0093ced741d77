import Glibc

/// The name of a recorded file: `pulses-YYYYMMDDTHHMMSSZ.csv`, the UTC second
/// of its first edge, `.csv.gz` once compressed. Names sort in recording
/// order, which is what `wagonctl replay DIR` relies on.
///
/// When a file starts in the same second as the previous one (small size
/// caps, bursts), or earlier (the clock was set back), it takes the previous
/// file's stamp with a sequence number, `pulses-20250301T101500Z_0001.csv`,
/// which sorts after the plain name (`_` comes after `.`) and after lower
/// sequence numbers.
struct RecordedFileName: Hashable, Comparable, CustomStringConvertible {
    /// UTC seconds since the Unix epoch of the stamp.
    var startSeconds: Int64
    /// 0 for the plain name; 1 and up for `_0001` and up.
    var sequence: Int
    var compressed: Bool

    static let prefix = "pulses-"
    static let plainSuffix = ".csv"
    static let compressedSuffix = ".csv.gz"

    /// The name of a file whose first edge is at `nanoseconds` since the epoch.
    init(startNanoseconds nanoseconds: Int64) {
        startSeconds = nanoseconds / 1_000_000_000
        sequence = 0
        compressed = false
    }

    init(startSeconds: Int64, sequence: Int, compressed: Bool) {
        self.startSeconds = startSeconds
        self.sequence = sequence
        self.compressed = compressed
    }

    /// The name without `.csv` or `.csv.gz`; unique among recorded files.
    var stem: String {
        var time = time_t(startSeconds)
        var parts = tm()
        gmtime_r(&time, &parts)
        func pad(_ value: Int32, _ width: Int) -> String {
            let digits = String(value)
            return String(repeating: "0", count: max(0, width - digits.count)) + digits
        }
        var text = Self.prefix + pad(parts.tm_year + 1900, 4) + pad(parts.tm_mon + 1, 2) + pad(parts.tm_mday, 2)
            + "T" + pad(parts.tm_hour, 2) + pad(parts.tm_min, 2) + pad(parts.tm_sec, 2) + "Z"
        if sequence > 0 { text += "_" + pad(Int32(clamping: sequence), 4) }
        return text
    }

    var description: String { stem + (compressed ? Self.compressedSuffix : Self.plainSuffix) }

    /// The same file once gzipped.
    var gzipped: RecordedFileName { RecordedFileName(startSeconds: startSeconds, sequence: sequence, compressed: true) }

    /// The next name after `self` with the same stamp.
    var successor: RecordedFileName { RecordedFileName(startSeconds: startSeconds, sequence: sequence + 1, compressed: false) }

    /// Recording order (a file's plain form before its gzipped one).
    static func < (lhs: RecordedFileName, rhs: RecordedFileName) -> Bool {
        (lhs.startSeconds, lhs.sequence, lhs.compressed ? 1 : 0) < (rhs.startSeconds, rhs.sequence, rhs.compressed ? 1 : 0)
    }

    /// Same stamp and sequence: the same recording, compressed or not.
    func isSameRecording(as other: RecordedFileName) -> Bool {
        startSeconds == other.startSeconds && sequence == other.sequence
    }

    /// Reads a name this type writes; `nil` for any other file.
    init?(parsing name: String) {
        var rest = Substring(name)
        let compressed: Bool
        if rest.hasSuffix(Self.compressedSuffix) {
            compressed = true
            rest = rest.dropLast(Self.compressedSuffix.count)
        } else if rest.hasSuffix(Self.plainSuffix) {
            compressed = false
            rest = rest.dropLast(Self.plainSuffix.count)
        } else {
            return nil
        }
        guard rest.hasPrefix(Self.prefix) else { return nil }
        let stamp = Array(rest.dropFirst(Self.prefix.count).utf8)
        // YYYYMMDD T HHMMSS Z, optionally _NNNN (four or more digits).
        guard stamp.count == 16 || (stamp.count >= 21 && stamp[16] == UInt8(ascii: "_")),
              stamp[8] == UInt8(ascii: "T"), stamp[15] == UInt8(ascii: "Z") else { return nil }
        func number(_ range: Range<Int>) -> Int32? {
            var value: Int32 = 0
            for byte in stamp[range] {
                guard byte >= 0x30 && byte <= 0x39 else { return nil }
                value = value * 10 + Int32(byte - 0x30)
            }
            return value
        }
        guard let year = number(0..<4), let month = number(4..<6), let day = number(6..<8),
              let hour = number(9..<11), let minute = number(11..<13), let second = number(13..<15),
              (1...12).contains(month), (1...31).contains(day), hour < 24, minute < 60, second < 61 else { return nil }
        var sequence = 0
        if stamp.count > 16 {
            guard stamp.count - 17 <= 9, let parsed = number(17..<stamp.count), parsed > 0 else { return nil }
            sequence = Int(parsed)
        }
        var parts = tm()
        parts.tm_year = year - 1900
        parts.tm_mon = month - 1
        parts.tm_mday = day
        parts.tm_hour = hour
        parts.tm_min = minute
        parts.tm_sec = second
        self.init(startSeconds: Int64(timegm(&parts)), sequence: sequence, compressed: compressed)
        // Only the canonical spelling is ours (no 31 February, no _01).
        guard description == name else { return nil }
    }
}
