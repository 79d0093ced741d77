import WagonCore

extension SiteConfiguration {
    /// How a configuration is loaded.
    public struct LoadOptions: Sendable {
        /// Searched after `board_dirs`, so a profile here wins (`wagonctl
        /// config check --board-dir boards/` on a development machine).
        public var extraBoardDirectories: [String]
        /// `false`: check the file alone; do not look up the board profile
        /// and leave `lines` empty (`wagonctl replay --config` on a laptop).
        public var resolveBoard: Bool
        /// How files (board profiles) are read; tests give their own.
        public var readFile: @Sendable (String) -> FileRead

        public init(extraBoardDirectories: [String] = [], resolveBoard: Bool = true,
                    readFile: @escaping @Sendable (String) -> FileRead = ConfigFile.read) {
            self.extraBoardDirectories = extraBoardDirectories
            self.resolveBoard = resolveBoard
            self.readFile = readFile
        }
    }

    static let topKeys = ["site", "board", "board_dirs", "chip", "bias", "active_low", "debounce_ms", "point",
                          "thresholds", "store", "uplink", "recorder", "metrics", "control", "log"]
    static let pointKeys = ["name", "a", "b", "board_point", "chip", "bias", "active_low", "debounce_ms",
                            "sensor_spacing_m", "detection_zone_m", "geometry", "directions"]
    static let thresholdKeys = ["min_pulse_ms", "max_dropout_ms", "train_idle_distance_m", "train_idle_min_s",
                                "train_idle_max_s", "silent_after_pulses", "long_occupation_s"]

    /// Reads and checks the file at `path`. A file that cannot be read is
    /// one error with code `.cannotRead` and line 0.
    public init(contentsOf path: String, options: LoadOptions = LoadOptions()) throws(ConfigErrors) {
        switch options.readFile(path) {
        case .contents(let bytes):
            try self.init(parsing: bytes, path: path, options: options)
        case .missing:
            throw ConfigErrors([ConfigError(.cannotRead, path: path, line: 0, message: "cannot read: No such file or directory")])
        case .failed(let reason):
            throw ConfigErrors([ConfigError(.cannotRead, path: path, line: 0, message: "cannot read: \(reason)")])
        }
    }

    /// Checks a configuration; throws every error found, in line order.
    public init(parsing bytes: [UInt8], path: String, options: LoadOptions = LoadOptions()) throws(ConfigErrors) {
        let document = try TOMLDocument(parsing: bytes, path: path)
        let diagnostics = Diagnostics(path: path)
        let top = Section(document.root, place: "at the top level", known: Self.topKeys, diagnostics: diagnostics)
        top.require("site")
        top.require("board")
        let site = top.string("site", "1 to 64 characters from a-z, 0-9, '.', '_' and '-'", where: isSiteName)
        let board = top.string("board", "a board profile id (a-z, 0-9 and '-') or the path of a profile file") {
            $0.contains("/") ? !$0.utf8.contains(0) : isProfileID($0)
        }
        var directories = Self.defaultBoardDirectories
        if let given = top.strings("board_dirs") {
            if given.contains(where: { $0.isEmpty || $0.utf8.contains(0) }) {
                top.invalid(document.root["board_dirs"]!, "an array of directory paths", got: "an empty path")
            } else {
                directories = given
            }
        }
        chip = top.chip("chip")
        bias = top.locate("bias", top.choice("bias", LineBias.self))
        activeLow = top.locate("active_low", top.bool("active_low"))
        debounceMilliseconds = top.locate("debounce_ms", top.integer("debounce_ms", .debounce, SettingRange.debounceMilliseconds))
        points = Self.points(top)
        thresholds = Self.thresholds(top)
        store = Self.store(top)
        uplinks = Self.uplinks(top, site: site ?? "")
        recorder = Self.recorder(top)
        metrics = Self.metrics(top)
        control = Self.control(top)
        log = Self.log(top)
        source = top.locations
        self.path = path
        self.site = site ?? ""
        self.board = board ?? ""
        boardDirectories = directories
        boardProfile = nil
        lines = []
        warnings = []

        // The profile's own errors come after the site's: they are about another file.
        var profileErrors: [ConfigError] = []
        if options.resolveBoard, let board {
            switch findProfile(board, directories: directories + options.extraBoardDirectories,
                               readFile: options.readFile, top: top) {
            case .found(let profile):
                boardProfile = profile
                lines = resolveLines(profile: profile, diagnostics: diagnostics)
            case .invalid(let errors):
                profileErrors = Array(errors)
            case .notFound:
                break
            }
        }
        warnings = diagnostics.warnings.enumerated().sorted {
            ($0.element.location.line, $0.offset) < ($1.element.location.line, $1.offset)
        }.map(\.element)
        let errors = diagnostics.errors + profileErrors
        guard errors.isEmpty, site != nil, board != nil else { throw ConfigErrors(errors) }
    }

    // MARK: points

    static func points(_ top: Section) -> [Point] {
        let diagnostics = top.diagnostics
        guard let entry = top.table["point"] else {
            diagnostics.error(.missingKey, at: top.position,
                              "missing [[point]]: give each counting point (1 to \(maximumPoints)) a [[point]] table")
            return []
        }
        guard case .array(let nodes) = entry.value, !nodes.isEmpty else {
            top.wrongType(entry, "[[point]] tables")
            return []
        }
        var points: [Point] = []
        var names: [String: Int] = [:]
        for (index, node) in nodes.enumerated() {
            guard case .table(let table) = node.value else {
                diagnostics.error(.wrongType, at: node.position,
                                  "point must be [[point]] tables, got \(node.value.typeDescription)")
                continue
            }
            if index == maximumPoints {
                diagnostics.error(.invalidValue, at: table.position,
                                  "at most \(maximumPoints) counting points; this [[point]] is number \(index + 1)")
            }
            let section = Section(table, place: "in [[point]]", known: pointKeys, diagnostics: diagnostics)
            let point = point(section, number: index + 1)
            if case .string(let name)? = table["name"]?.value, isPointName(name) {
                if let first = names[name] {
                    diagnostics.error(.conflict, at: table["name"]!.keyPosition,
                                      "point name '\(name)' is used twice (first at line \(first))")
                } else {
                    names[name] = table["name"]!.keyPosition.line
                }
            }
            if let point { points.append(point) }
        }
        return points
    }

    static func point(_ section: Section, number: Int) -> Point? {
        section.require("name")
        section.require("sensor_spacing_m")
        let name = section.string("name", "1 to 32 characters from a-z, 0-9, '_' and '-'", where: isPointName)
        let boardPoint = section.integer("board_point", .count, 1...Int64(maximumPoints))
        let a = section.line("a"), b = section.line("b")
        let chip = section.chip("chip")
        let bias = section.locate("bias", section.choice("bias", LineBias.self))
        let activeLow = section.locate("active_low", section.bool("active_low"))
        let debounce = section.locate("debounce_ms", section.integer("debounce_ms", .debounce, SettingRange.debounceMilliseconds))
        let spacing = section.number("sensor_spacing_m", .metres, SettingRange.sensorSpacingMetres)
        var zone: Double? = CountingPointSettings().detectionZone
        if let entry = section.table["detection_zone_m"] {
            zone = section.number("detection_zone_m", .metres)
            if let value = zone, !(value > 0 && value < 1) {
                section.invalid(entry, "more than 0 and less than 1 m", got: format(value))
                zone = nil
            }
        }
        let geometry = section.contains("geometry") ? section.choice("geometry", ZoneGeometry.self) : .auto
        var directionNames: [Direction: String] = [:]
        if let directions = section.section("directions", place: "in the directions of [[point]]", known: ["AB", "BA"]) {
            for direction in Direction.allCases {
                let text = directions.string(direction.rawValue, "a name of 1 to 64 characters") {
                    !$0.isEmpty && $0.count <= 64
                }
                if let text { directionNames[direction] = text }
            }
        }
        guard let name, let spacing, let zone, let geometry else { return nil }
        return Point(name: name, number: number, boardPoint: boardPoint ?? number, a: a, b: b, chip: chip, bias: bias,
                     activeLow: activeLow, debounceMilliseconds: debounce, sensorSpacing: spacing,
                     detectionZone: zone, geometry: geometry, directionNames: directionNames, source: section.locations)
    }

    // MARK: thresholds

    static func thresholds(_ top: Section) -> Thresholds {
        var thresholds = Thresholds(source: top.locations)
        guard let section = top.section("thresholds", place: "in [thresholds]", known: thresholdKeys) else {
            thresholds.source = KeyLocations(path: top.diagnostics.path, table: top.position)
            return thresholds
        }
        thresholds.source = section.locations
        if let value = section.number("min_pulse_ms", .milliseconds, SettingRange.minimumPulseMilliseconds) {
            thresholds.minimumPulseMilliseconds = value
        }
        if let value = section.number("max_dropout_ms", .milliseconds, SettingRange.maximumDropoutMilliseconds) {
            thresholds.maximumDropoutMilliseconds = value
        }
        if let value = section.number("train_idle_distance_m", .metres, SettingRange.trainIdleDistanceMetres) { thresholds.trainIdleDistance = value }
        let minimum = section.number("train_idle_min_s", .seconds, SettingRange.trainIdleMinimumSeconds)
        let maximum = section.number("train_idle_max_s", .seconds, SettingRange.trainIdleMaximumSeconds)
        if let minimum { thresholds.trainIdleMinimumSeconds = minimum }
        if let maximum { thresholds.trainIdleMaximumSeconds = maximum }
        if thresholds.trainIdleMinimumSeconds > thresholds.trainIdleMaximumSeconds {
            let (low, high) = (format(thresholds.trainIdleMinimumSeconds), format(thresholds.trainIdleMaximumSeconds))
            if minimum != nil, let entry = section.table["train_idle_min_s"] {
                section.invalid(entry, "at most train_idle_max_s (\(high) s)", got: low)
            } else if let entry = section.table["train_idle_max_s"] {
                section.invalid(entry, "at least train_idle_min_s (\(low) s)", got: high)
            }
        }
        if let value = section.integer("silent_after_pulses", .count, SettingRange.silentAfterPulses) { thresholds.silentAfterPulses = value }
        if let value = section.number("long_occupation_s", .seconds, SettingRange.longOccupationSeconds) {
            thresholds.longOccupationSeconds = value
        }
        return thresholds
    }
}

extension Unit {
    static let debounce = Unit(noun: "a whole number of milliseconds", symbol: " ms")
}

/// `[a-z0-9._-]{1,64}`.
func isSiteName(_ text: String) -> Bool {
    (1...64).contains(text.utf8.count) && text.utf8.allSatisfy {
        isLowerAlphanumeric($0) || $0 == UInt8(ascii: ".") || $0 == UInt8(ascii: "_") || $0 == UInt8(ascii: "-")
    }
}

/// `[a-z0-9_-]{1,32}`.
func isPointName(_ text: String) -> Bool {
    (1...32).contains(text.utf8.count) && text.utf8.allSatisfy {
        isLowerAlphanumeric($0) || $0 == UInt8(ascii: "_") || $0 == UInt8(ascii: "-")
    }
}

func isLowerAlphanumeric(_ byte: UInt8) -> Bool {
    (byte >= UInt8(ascii: "a") && byte <= UInt8(ascii: "z")) || (byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9"))
}
