import Glibc
import WagonCore

extension NativePulseLogReader {
    /// Parses the complete lines in the input buffer in place: the hot path.
    ///
    /// A fast path handles the common line (digits, a cached channel name,
    /// `0`/`1`, `\n` or `\r\n`, time not going backwards) with no allocation
    /// and no bounds checks: the scan cannot run past the last newline in the
    /// buffer, which ends every line it looks at. Anything else, including
    /// every error, goes to `edge(fromLine:)`, which is the reference.
    mutating func readBufferedLines(into edges: inout [Edge], limit: Int) throws -> Int {
        let base = input.buffer
        let end = base + input.end
        var p = base + input.start
        // The last newline: the bytes after it are a partial line, usually short.
        var safeEnd = end
        while safeEnd > p && safeEnd[-1] != ASCII.newline { safeEnd -= 1 }
        guard safeEnd > p else { return 0 }
        // Edges go to a raw scratch buffer and are appended in bulk: cheaper
        // than one Array.append (uniqueness and capacity checks) per edge.
        let out = scratch.base
        let limit = Swift.min(limit, scratch.capacity)
        var count = 0
        var lineNumber = input.lineNumber
        var lastTime = self.lastTime
        // Only ever set to a word of 8 digits, so a match is a valid prefix.
        var leadingWord = SWAR.zeros  // "00000000", whose value is 0
        var leadingValue: UInt64 = 0
        // A local, so the check per line is one compare with a register.
        let latestTime = UInt64(TimeLimit.latest)
        defer {
            edges.append(contentsOf: UnsafeBufferPointer(start: out, count: count))
            input.start = p - base
            input.lineNumber = lineNumber
            self.lastTime = lastTime
        }
        while p < safeEnd && count < limit {
            lineNumber &+= 1
            fast: do {
                // t_ns: up to two full words of digits, then 0...7 more.
                var q = p
                var word = SWAR.load(q)
                var nonDigits: UInt64 = 0
                var value: UInt64 = 0
                // The first 8 digits rarely change from line to line: reuse their value.
                if word == leadingWord {
                    value = leadingValue
                } else {
                    nonDigits = SWAR.nonDigits(word)
                    if nonDigits == 0 {
                        value = SWAR.eightDigits(word)
                        (leadingWord, leadingValue) = (word, value)
                    }
                }
                if nonDigits == 0 {
                    q += 8
                    word = SWAR.load(q)
                    nonDigits = SWAR.nonDigits(word)
                    if nonDigits == 0 {
                        value = value &* 100_000_000 &+ SWAR.eightDigits(word)
                        q += 8
                        word = SWAR.load(q)
                        nonDigits = SWAR.nonDigits(word)
                        guard nonDigits != 0 else { break fast }
                    }
                }
                let tail = nonDigits.trailingZeroBitCount &>> 3
                if tail > 0 {
                    // At most 19 digits: they cannot overflow UInt64.
                    guard q - p + tail <= 19 else { break fast }
                    value = value &* SWAR.powerOfTen(tail) &+ SWAR.leadingDigits(word, count: tail)
                    q += tail
                }
                // Past the counting range: the slow path gives the error.
                guard q > p, value <= latestTime, q.pointee == ASCII.comma else { break fast }
                let time = Int64(bitPattern: value)
                guard time >= lastTime else { break fast }
                q += 1
                // channel: a cached name ends at the first comma of the next 8 bytes.
                let channelStart = q
                let commas = SWAR.bytes(SWAR.load(q), equalTo: ASCII.comma)
                if commas != 0 {
                    q += commas.trailingZeroBitCount &>> 3
                } else {
                    while q.pointee != ASCII.comma && q.pointee != ASCII.newline { q += 1 }
                    guard q.pointee == ASCII.comma else { break fast }
                }
                // A hit means a valid name, hence no newline: q is still on this line.
                guard let detector = cache.lookup(channelStart, q - channelStart) else { break fast }
                let level = q[1]
                guard level == ASCII.zero || level == ASCII.one else { break fast }
                q += 2
                if q.pointee == ASCII.newline {
                    q += 1
                } else if q.pointee == ASCII.carriageReturn && q[1] == ASCII.newline {
                    q += 2
                } else {
                    break fast
                }
                (out + count).initialize(to: Edge(time: time, detector: detector, occupied: level == ASCII.one))
                lastTime = time
                count += 1
                p = q
                continue
            }
            // Slow path for this line: comments, empty lines, new channels, errors.
            let newline = memchr(p, Int32(ASCII.newline), safeEnd - p)!.assumingMemoryBound(to: UInt8.self)
            var lineEnd = newline
            if lineEnd > p && lineEnd[-1] == ASCII.carriageReturn { lineEnd -= 1 }
            input.lineNumber = lineNumber
            self.lastTime = lastTime
            let edge = try edge(fromLine: UnsafeBufferPointer(start: p, count: lineEnd - p))
            lastTime = self.lastTime
            p = newline + 1
            if let edge {
                (out + count).initialize(to: edge)
                count += 1
            }
        }
        return count
    }

    /// One line after the metadata: an edge, `nil` for a comment or an empty
    /// line, or an error that says what is wrong.
    mutating func edge(fromLine line: UnsafeBufferPointer<UInt8>) throws -> Edge? {
        if line.isEmpty || line[0] == ASCII.hash { return nil }
        if line.equals(Self.header) {
            throw bad("header line 't_ns,channel,level' after data lines (are two logs joined together?)")
        }
        var fields = 1, firstComma = -1, secondComma = -1
        for i in line.indices where line[i] == ASCII.comma {
            fields += 1
            if firstComma < 0 { firstComma = i } else if secondComma < 0 { secondComma = i }
        }
        guard fields == 3 else { throw bad("expected 3 fields t_ns,channel,level, got \(fields)") }
        let timeField = UnsafeBufferPointer(rebasing: line[..<firstComma])
        let channelField = UnsafeBufferPointer(rebasing: line[(firstComma + 1)..<secondComma])
        let levelField = UnsafeBufferPointer(rebasing: line[(secondComma + 1)...])

        guard let time = timeField.parseNonNegativeInt64(), time <= TimeLimit.latest else {
            if timeField.isAllDigits {
                throw bad("t_ns is \(TimeLimit.pastTheEnd), got '\(timeField.quotedForMessage)'")
            }
            throw bad("t_ns must be a non-negative integer, got '\(timeField.quotedForMessage)'")
        }
        let detector: Detector
        if let base = channelField.baseAddress, let cached = cache.lookup(base, channelField.count) {
            detector = cached
        } else if let found = channels.detector(forChannel: channelField.string) {
            detector = found
            cache.insert(channelField, found)
        } else {
            throw bad("unknown channel '\(channelField.quotedForMessage)' (expected A, B or <point>.A/<point>.B)")
        }
        guard levelField.count == 1, levelField[0] == ASCII.zero || levelField[0] == ASCII.one else {
            throw bad("level must be 0 or 1, got '\(levelField.quotedForMessage)'")
        }
        guard time >= lastTime else { throw bad("time goes backwards (\(time) after \(lastTime))") }
        lastTime = time
        return Edge(time: time, detector: detector, occupied: levelField[0] == ASCII.one)
    }
}
