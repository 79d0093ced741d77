import WagonCore

extension VCDReader {
    /// Reads the declarations up to `$enddefinitions $end`.
    mutating func readHeader() throws {
        var scopes: [String] = []
        while let token = try nextToken() {
            guard token[0] == ASCII.dollar else {
                throw bad("expected a '$' section in the VCD header, got '\(token.quotedForMessage)'")
            }
            let keyword = token.string
            let words = try sectionWords(of: keyword)
            switch keyword {
            case "$timescale":
                try setTimescale(words.joined())
            case "$scope":
                guard words.count >= 2 else { throw bad("expected '$scope TYPE NAME $end', got '$scope \(words.joined(separator: " ")) $end'") }
                scopes.append(words[1])
            case "$upscope":
                guard scopes.popLast() != nil else { throw bad("'$upscope' without a '$scope'") }
            case "$var":
                try declare(words, scopes: scopes)
            case "$enddefinitions":
                guard hasTimescale else {
                    throw bad("the VCD header has no $timescale, so times cannot be converted to nanoseconds")
                }
                return
            default:
                break  // $date, $version, $comment and any extension: nothing we need.
            }
        }
        throw bad("the file ends before '$enddefinitions $end'; is this a VCD file?")
    }

    /// The words of a section up to its `$end` (comments may be skipped
    /// wholesale; declarations are short).
    private mutating func sectionWords(of keyword: String) throws -> [String] {
        let keep = keyword == "$timescale" || keyword == "$scope" || keyword == "$var"
        var words: [String] = []
        while let token = try nextToken() {
            if token.equals("$end") { return words }
            if keep {
                guard words.count < 64 else { throw bad("'\(keyword)' section without its '$end'") }
                words.append(token.string)
            }
        }
        throw bad("the file ends inside '\(keyword)' without its '$end'")
    }

    /// `1ns`, `10 us`, `100ps`: 1, 10 or 100 of s, ms, us, ns, ps or fs.
    private mutating func setTimescale(_ text: String) throws {
        let digits = text.prefix(while: { $0.isASCII && $0.isNumber })
        let unit = text.dropFirst(digits.count)
        let units: [Substring: (Int64, Int64)] = [
            "s": (1_000_000_000, 1), "ms": (1_000_000, 1), "us": (1000, 1),
            "ns": (1, 1), "ps": (1, 1000), "fs": (1, 1_000_000),
        ]
        guard let factor = Int64(digits), [1, 10, 100].contains(factor), let (numerator, denominator) = units[unit] else {
            throw bad("$timescale must be 1, 10 or 100 followed by s, ms, us, ns, ps or fs, got '\(quote(text.utf8))'")
        }
        var n = numerator * factor, d = denominator
        while d > 1 && n % 10 == 0 {
            n /= 10
            d /= 10
        }
        unitNumerator = n
        unitDenominator = d
        hasTimescale = true
    }

    /// `$var TYPE SIZE ID REFERENCE [BIT-SELECT] $end`.
    private mutating func declare(_ words: [String], scopes: [String]) throws {
        guard words.count >= 4, let width = Int(words[1]), width > 0 else {
            throw bad("expected '$var TYPE SIZE ID NAME $end', got '$var \(quote(words.joined(separator: " ").utf8)) $end'")
        }
        let id = words[2]
        let name = words[3...].joined()
        let index: Int
        if let existing = signalById[id] {
            index = existing  // another name for the same signal
        } else {
            index = signals.count
            signals.append(Signal(id: id, width: width))
            signalById[id] = index
            if id.utf8.count == 1, let byte = id.utf8.first, byte < 128 {
                signalByCharacter[Int(byte)] = Int32(index)
            }
        }
        variables.append(Variable(name: name, scope: scopes, signal: index))
    }

    /// Gives mapped signals their channel; errors name what is wrong with
    /// the mapping against the declared signals.
    mutating func resolveMapping() throws {
        let declared = variables.map(\.fullName).joined(separator: ", ")
        guard let mapping else {
            var probe = ChannelTable()
            for variable in variables where probe.detector(forChannel: variable.name) != nil {
                try assign(variable.name, activeLow: false, to: variable.signal, describedAs: variable.fullName)
            }
            guard signals.contains(where: { $0.channel != nil }) else {
                throw bad("no signal is named like a channel (A, B, <point>.A); map signals with --map, e.g. --map D0=A,D1=B (declared: \(declared))")
            }
            return
        }
        for entry in mapping.entries {
            let matches = variables.filter { entry.matches($0) }
            guard let first = matches.first else {
                throw bad("the mapping names signal '\(entry.lineDescription)', which is not declared (declared: \(declared))")
            }
            guard matches.allSatisfy({ $0.signal == first.signal }) else {
                throw bad("signal name '\(entry.lineDescription)' is ambiguous (\(matches.map(\.fullName).joined(separator: ", "))); qualify it with its scope, e.g. \(first.scope.joined(separator: "."))/\(first.name)=\(entry.channel)")
            }
            try assign(entry.channel, activeLow: entry.activeLow, to: first.signal, describedAs: first.fullName)
        }
    }

    private mutating func assign(_ channel: String, activeLow: Bool, to signal: Int, describedAs name: String) throws {
        guard signals[signal].width == 1 else {
            throw bad("signal '\(name)' is \(signals[signal].width) bits wide; only 1-bit signals can be mapped")
        }
        if let other = signals[signal].channel {
            throw bad("signal '\(name)' is mapped to both \(other) and \(channel)")
        }
        if let twin = signals.firstIndex(where: { $0.channel == channel }) {
            throw bad("channel \(channel) would come from two signals ('\(signalName(twin))' and '\(name)')")
        }
        signals[signal].channel = channel
        signals[signal].activeLow = activeLow
    }
}

extension LineMapping.Entry {
    /// A name matches the bare or the scoped name; a chip qualifier is the
    /// scope (full dotted path or innermost scope); an offset matches a
    /// signal literally named by that number.
    func matches(_ variable: VCDReader.Variable) -> Bool {
        if let chip, chip != variable.scope.joined(separator: "."), chip != variable.scope.last { return false }
        let wanted = "\(line)"
        return variable.name == wanted || variable.fullName == wanted
    }
}
