#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The few file operations the store needs, without Foundation.
enum FileStatus {
    static func exists(_ path: String) -> Bool {
        access(path, F_OK) == 0
    }

    /// Renames if `path` exists; true on success.
    @discardableResult
    static func rename(_ path: String, to newPath: String) -> Bool {
        guard exists(path) else { return false }
        #if canImport(Glibc)
        return Glibc.rename(path, newPath) == 0
        #else
        return Darwin.rename(path, newPath) == 0
        #endif
    }

    /// Size in bytes, or nil if there is no such file.
    static func size(_ path: String) -> Int? {
        var info = stat()
        guard stat(path, &info) == 0 else { return nil }
        return Int(info.st_size)
    }
}

/// JSON string literals, for the store's own small payloads and for the
/// uplinks' CloudEvents envelopes (which import this module anyway).
public enum JSONText {
    public static func quoted(_ value: String) -> String {
        // Nearly every string we write needs no escaping.
        if value.utf8.allSatisfy({ $0 >= 0x20 && $0 != UInt8(ascii: "\"") && $0 != UInt8(ascii: "\\") }) {
            return "\"" + value + "\""
        }
        var out = "\""
        for scalar in value.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            case _ where scalar.value < 0x20:
                let hex = String(scalar.value, radix: 16)
                out += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out + "\""
    }
}
