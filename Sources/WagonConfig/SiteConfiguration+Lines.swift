import WagonCore

/// What looking for a board profile found.
enum ProfileLookup {
    case found(BoardProfile)
    /// The profile exists but is wrong: its own errors, with its path.
    case invalid(ConfigErrors)
    /// Reported already, at the site's `board` key.
    case notFound
}

extension SiteConfiguration {
    /// The profile `board` names: a path (it contains `/`; relative to the
    /// site file's directory), or `<id>.toml` in the directories, the last
    /// directory first (so `/etc/wagond/boards` overrides the shipped ones).
    func findProfile(_ board: String, directories: [String], readFile: (String) -> FileRead,
                     top: Section) -> ProfileLookup {
        let key = top.table["board"]!.keyPosition
        let diagnostics = top.diagnostics
        func load(_ path: String) -> ProfileLookup? {
            switch readFile(path) {
            case .contents(let bytes):
                do {
                    return .found(try BoardProfile(parsing: bytes, path: path))
                } catch {
                    return .invalid(error)
                }
            case .missing:
                return nil
            case .failed(let reason):
                diagnostics.error(.notFound, at: key, "cannot read board profile \(path): \(reason)")
                return .notFound
            }
        }
        if board.contains("/") {
            let path = board.hasPrefix("/") ? board : directoryPart(of: self.path) + board
            if let result = load(path) { return result }
            diagnostics.error(.notFound, at: key, "board profile \(path) not found")
            return .notFound
        }
        var searched: [String] = []
        for directory in directories.reversed() where !searched.contains(directory) {
            searched.append(directory)
            let path = directory.hasSuffix("/") ? directory + board + ".toml" : directory + "/" + board + ".toml"
            if let result = load(path) { return result }
        }
        diagnostics.error(.notFound, at: key, "board '\(board)' not found: no \(board).toml in \(oneOf(searched))")
        return .notFound
    }

    /// Each point's two lines, the profile's defaults filled in; reports
    /// points left without a line, offsets without a chip, and lines used twice.
    func resolveLines(profile: BoardProfile, diagnostics: Diagnostics) -> [ConfiguredLine] {
        var lines: [ConfiguredLine] = []
        let tables = profile.pointLines.keys.sorted().map { "[point\($0)]" }
        for point in points {
            let header = point.source.location
            if let key = point.source.keys["board_point"], profile.pointLines[point.boardPoint] == nil {
                let has = tables.isEmpty ? "it has no [pointN] tables" : "it has " + oneOf(tables, "and")
                diagnostics.error(.invalidValue, at: key,
                                  "board_point \(point.boardPoint): board \(profile.id) has no [point\(point.boardPoint)] (\(has))")
                continue
            }
            let defaults = profile.pointLines[point.boardPoint]
            let missing = [point.a == nil ? "'a'" : nil, point.b == nil ? "'b'" : nil].compactMap { $0 }
            if defaults == nil, !missing.isEmpty {
                diagnostics.error(.missingKey, at: header.position,
                                  "missing key\(missing.count > 1 ? "s" : "") \(missing.joined(separator: " and ")) in "
                                      + "[[point]] '\(point.name)': board \(profile.id) has no [point\(point.boardPoint)] defaults")
                continue
            }
            let chip = point.chip ?? self.chip ?? defaults?.chip ?? profile.chip
            for side in Side.allCases {
                let written = side == .a ? point.a : point.b
                guard let line = written ?? (side == .a ? defaults?.a : defaults?.b) else { continue }
                let chipGiven = chip != nil || point.source.keys["chip"] != nil || source.keys["chip"] != nil
                if case .offset(let offset) = line.value, !chipGiven, let written {
                    diagnostics.error(.conflict, at: written.location.position,
                                      "\(side == .a ? "a" : "b") = \(offset) is an offset, which needs a chip: "
                                          + "set chip in this [[point]] or at the top level")
                    continue
                }
                let siteLocation = written?.location ?? point.source.keys["board_point"].map {
                    ConfigLocation(path: path, position: $0)
                } ?? header
                lines.append(ConfiguredLine(
                    point: point.name, side: side,
                    channel: points.count == 1 ? side.letter : "\(point.name).\(side.letter)",
                    chip: chip, line: line, siteLocation: siteLocation,
                    bias: (point.bias ?? bias ?? profile.bias).value,
                    activeLow: (point.activeLow ?? activeLow ?? profile.activeLow).value,
                    debounceMilliseconds: (point.debounceMilliseconds ?? debounceMilliseconds
                        ?? profile.debounceMilliseconds).value))
            }
        }
        reportLinesUsedTwice(lines, diagnostics: diagnostics)
        return lines
    }

    /// The same line named twice on the same chip (as written: whether
    /// `GPIO17` and `17` are one line only the hardware check can tell).
    private func reportLinesUsedTwice(_ lines: [ConfiguredLine], diagnostics: Diagnostics) {
        struct Key: Hashable {
            var chip: String?
            var line: LineReference
        }
        var first: [Key: ConfiguredLine] = [:]
        for line in lines {
            let key = Key(chip: line.chip?.value, line: line.line.value)
            guard let earlier = first[key] else {
                first[key] = line
                continue
            }
            let chip = line.chip.map { " on chip \($0.value)" } ?? ""
            diagnostics.error(.conflict, at: line.siteLocation.position,
                              "\(line.detectorName) uses line \(line.line.value)\(chip), as \(earlier.detectorName) does "
                                  + "(line \(earlier.siteLocation.line))")
        }
    }
}

/// `dir/` of `dir/file`, `""` for a bare file name.
func directoryPart(of path: String) -> String {
    guard let slash = path.lastIndex(of: "/") else { return "" }
    return String(path[...slash])
}
