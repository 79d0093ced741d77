/// A board profile (`boards/<id>.toml`, format in boards/README.md): which
/// chip, which default lines for counting points 1 and 2, and the bias and
/// polarity that suit the optocoupler input.
public struct BoardProfile: Sendable, Hashable {
    /// The default lines of one counting point (`[point1]`, `[point2]`).
    public struct PointLines: Sendable, Hashable {
        public var a: Located<LineReference>
        public var b: Located<LineReference>
        /// Overrides the profile's `chip` for this point.
        public var chip: Located<String>?
        public var location: ConfigLocation
    }

    public var path: String
    public var id: String
    public var name: String
    /// A chip label; `nil`: each line name is searched on every chip.
    public var chip: Located<String>?
    public var bias: Located<LineBias>
    public var activeLow: Located<Bool>
    /// Kernel debounce: 0 (off) or 1 ms.
    public var debounceMilliseconds: Located<Int>
    public var wiring: String
    public var verify: [String]
    /// `[point1]` is `pointLines[1]`.
    public var pointLines: [Int: PointLines]

    /// The profile tables a site's points may take lines from.
    public static let pointTables = ["point1", "point2"]
    public static let schemaVersion: Int64 = 1

    static let keys = ["schema", "id", "name", "chip", "bias", "active_low", "debounce_ms", "wiring", "verify"]
        + pointTables

    /// The id a profile at `path` must have: its file name without `.toml`.
    public static func id(forPath path: String) -> String {
        let name = path.split(separator: "/", omittingEmptySubsequences: false).last.map(String.init) ?? path
        return name.hasSuffix(".toml") ? String(name.dropLast(5)) : name
    }

    public init(parsing bytes: [UInt8], path: String) throws(ConfigErrors) {
        let document = try TOMLDocument(parsing: bytes, path: path)
        let diagnostics = Diagnostics(path: path)
        let top = Section(document.root, place: "in a board profile", known: Self.keys, diagnostics: diagnostics)
        for key in ["schema", "id", "name", "bias", "active_low", "wiring"] { top.require(key) }

        if let entry = document.root["schema"] {
            if case .integer(let version) = entry.value {
                if version != Self.schemaVersion {
                    top.invalid(entry, "\(Self.schemaVersion) (the profile format this wagond reads)", got: format(version))
                }
            } else {
                top.wrongType(entry, "an integer")
            }
        }
        let expectedID = Self.id(forPath: path)
        var id = top.string("id")
        if let written = id, let entry = document.root["id"] {
            if !isProfileID(written) {
                top.invalid(entry, "letters a-z, digits and '-'", got: quoted(written))
                id = nil
            } else if written != expectedID {
                top.invalid(entry, "\(quoted(expectedID)), the file name without .toml", got: quoted(written))
                id = nil
            }
        }
        let name = top.string("name")
        let chip = top.chip("chip", labelOnly: true)
        let bias = top.locate("bias", top.choice("bias", LineBias.self))
        let activeLow = top.locate("active_low", top.bool("active_low"))
        let debounce = top.integer("debounce_ms", .debounce, SettingRange.debounceMilliseconds) ?? 0
        let wiring = top.string("wiring")
        let verify = top.strings("verify") ?? []

        var pointLines: [Int: PointLines] = [:]
        for (number, key) in Self.pointTables.enumerated() {
            guard let section = top.section(key, place: "in [\(key)]", known: ["a", "b", "chip"]) else { continue }
            section.require("a")
            section.require("b")
            let lines = (a: section.line("a"), b: section.line("b"))
            let pointChip = section.chip("chip", labelOnly: true)
            // A chip given but wrong is reported already: no second error for it.
            let chipGiven = section.contains("chip") || top.contains("chip")
            for line in [lines.a, lines.b].compactMap({ $0 }) where !chipGiven {
                if case .offset = line.value {
                    diagnostics.error(.conflict, at: line.location.position,
                                      "an offset needs a chip: give this profile a chip label")
                }
            }
            if let a = lines.a, let b = lines.b {
                pointLines[number + 1] = PointLines(a: a, b: b, chip: pointChip,
                                                    location: diagnostics.location(section.position))
            }
        }

        guard diagnostics.errors.isEmpty, let id, let name, let bias, let activeLow, let wiring else {
            throw ConfigErrors(diagnostics.errors)
        }
        self.path = path
        self.id = id
        self.name = name
        self.chip = chip
        self.bias = bias
        self.activeLow = activeLow
        debounceMilliseconds = Located(debounce, at: top.location(of: "debounce_ms"))
        self.wiring = wiring
        self.verify = verify
        self.pointLines = pointLines
    }
}

/// `[a-z0-9-]+`: a board profile id.
func isProfileID(_ text: String) -> Bool {
    !text.isEmpty && text.utf8.allSatisfy {
        ($0 >= UInt8(ascii: "a") && $0 <= UInt8(ascii: "z")) || ($0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "9"))
            || $0 == UInt8(ascii: "-")
    }
}
