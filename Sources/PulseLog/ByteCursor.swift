/// A read position in one line of bytes, for the text formats that are not
/// on the hot path (gpiomon, VCD, mappings). Never reads out of bounds.
struct ByteCursor {
    let bytes: UnsafeBufferPointer<UInt8>
    var index = 0

    init(_ bytes: UnsafeBufferPointer<UInt8>) { self.bytes = bytes }

    var isAtEnd: Bool { index >= bytes.count }
    var peek: UInt8? { index < bytes.count ? bytes[index] : nil }
    /// The bytes from the position to the end.
    var rest: UnsafeBufferPointer<UInt8> { UnsafeBufferPointer(rebasing: bytes[Swift.min(index, bytes.count)...]) }

    /// Skips spaces and tabs; returns how many.
    @discardableResult
    mutating func skipSpaces() -> Int {
        let from = index
        while index < bytes.count && ASCII.isSpace(bytes[index]) { index += 1 }
        return index - from
    }

    /// Consumes `literal` if the bytes continue with it.
    mutating func consume(_ literal: StaticString) -> Bool {
        guard rest.starts(with: literal) else { return false }
        index += literal.utf8CodeUnitCount
        return true
    }

    mutating func consume(_ byte: UInt8) -> Bool {
        guard peek == byte else { return false }
        index += 1
        return true
    }

    /// Consumes a run of digits (possibly empty).
    mutating func digits() -> UnsafeBufferPointer<UInt8> {
        let from = index
        while index < bytes.count && ASCII.isDigit(bytes[index]) { index += 1 }
        return UnsafeBufferPointer(rebasing: bytes[from..<index])
    }

    /// Consumes exactly `count` digits and returns their value, or `nil`
    /// (consuming nothing).
    mutating func fixedDigits(_ count: Int) -> Int? {
        guard bytes.count - index >= count else { return nil }
        var value = 0
        for i in index..<(index + count) {
            guard ASCII.isDigit(bytes[i]) else { return nil }
            value = value * 10 + Int(bytes[i] &- ASCII.zero)
        }
        index += count
        return value
    }

    /// Consumes bytes up to the next space or tab (possibly none).
    mutating func word() -> UnsafeBufferPointer<UInt8> {
        let from = index
        while index < bytes.count && !ASCII.isSpace(bytes[index]) { index += 1 }
        return UnsafeBufferPointer(rebasing: bytes[from..<index])
    }
}
