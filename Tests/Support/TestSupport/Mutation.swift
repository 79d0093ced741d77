/// One fuzz round's edits to a valid input: `edits` times, an element is
/// replaced, removed or inserted, the new ones drawn from `alphabet` (give
/// it the bytes a parser must refuse too: NUL, `\n`, invalid UTF-8).
public func mutate<Element>(_ items: inout [Element], edits: Int, alphabet: [Element],
                            using random: inout some RandomNumberGenerator) {
    precondition(!alphabet.isEmpty, "mutations need an alphabet")
    for _ in 0..<edits where !items.isEmpty {
        let position = Int(random.next() % UInt64(items.count))
        let drawn = alphabet[Int(random.next() % UInt64(alphabet.count))]
        switch random.next() % 3 {
        case 0: items[position] = drawn
        case 1: items.remove(at: position)
        default: items.insert(drawn, at: position)
        }
    }
}

/// Bytes no text parser should take quietly, for mutation alphabets.
public let awkwardBytes: [UInt8] = [0x00, 0x0A, 0x0D, 0x09, 0x7F, 0x80, 0xC3, 0xFF]
