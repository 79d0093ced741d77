/// A place in a configuration file: 1-based line and column (columns count
/// Unicode scalars, a tab is one).
public struct SourcePosition: Sendable, Hashable, Comparable {
    public var line: Int
    public var column: Int

    public init(line: Int, column: Int) {
        self.line = line
        self.column = column
    }

    public static func < (a: SourcePosition, b: SourcePosition) -> Bool {
        (a.line, a.column) < (b.line, b.column)
    }
}

/// A place in a named file, for messages: `path:line`.
public struct ConfigLocation: Sendable, Hashable, CustomStringConvertible {
    public var path: String
    public var position: SourcePosition

    public init(path: String, position: SourcePosition) {
        self.path = path
        self.position = position
    }

    public var line: Int { position.line }
    public var description: String { "\(path):\(position.line)" }
}

/// A value with the place in a file that gave it.
public struct Located<Value: Sendable & Hashable>: Sendable, Hashable {
    public var value: Value
    public var location: ConfigLocation

    public init(_ value: Value, at location: ConfigLocation) {
        self.value = value
        self.location = location
    }
}

/// One thing wrong with a configuration file or a board profile. Its
/// description is the user-facing contract: `FILE:LINE: message`.
public struct ConfigError: Error, Sendable, Hashable, CustomStringConvertible {
    /// What kind of mistake it is; new codes may be added.
    public struct Code: Sendable, Hashable, CustomStringConvertible {
        public let description: String
        init(_ name: String) { description = name }

        /// Not TOML: bad syntax, bad escape, unterminated string, invalid UTF-8.
        public static let syntax = Code("syntax")
        /// Valid syntax that TOML forbids: a key or table defined twice.
        public static let redefinition = Code("redefinition")
        /// A key the schema does not know.
        public static let unknownKey = Code("unknownKey")
        /// A required key is missing.
        public static let missingKey = Code("missingKey")
        /// A value of the wrong TOML type.
        public static let wrongType = Code("wrongType")
        /// A value of the right type that is not allowed.
        public static let invalidValue = Code("invalidValue")
        /// Values that are fine alone but not together.
        public static let conflict = Code("conflict")
        /// A file the configuration names (a board profile) cannot be found or read.
        public static let notFound = Code("notFound")
        /// The file itself cannot be read.
        public static let cannotRead = Code("cannotRead")
        /// Something the configuration names does not exist on this machine.
        public static let hardware = Code("hardware")
    }

    public var code: Code
    public var path: String
    /// 1-based; 0 for the file as a whole (it cannot be read).
    public var line: Int
    public var column: Int?
    public var message: String

    public init(_ code: Code, path: String, line: Int, column: Int? = nil, message: String) {
        self.code = code
        self.path = path
        self.line = line
        self.column = column
        self.message = message
    }

    public init(_ code: Code, at location: ConfigLocation, _ message: String) {
        self.init(code, path: location.path, line: location.position.line, column: location.position.column,
                  message: message)
    }

    public var description: String { line > 0 ? "\(path):\(line): \(message)" : "\(path): \(message)" }
}

/// Everything wrong with a file (and the board profile it names), in file
/// order: by file, then by line.
public struct ConfigErrors: Error, Sendable, Hashable, CustomStringConvertible, RandomAccessCollection {
    public private(set) var errors: [ConfigError]

    public init(_ errors: [ConfigError]) {
        self.errors = errors.sortedByPlace()
    }

    public var startIndex: Int { errors.startIndex }
    public var endIndex: Int { errors.endIndex }
    public subscript(position: Int) -> ConfigError { errors[position] }

    /// One error per line.
    public var description: String { errors.map(\.description).joined(separator: "\n") }
}

/// Something allowed but probably unwise (plain HTTP, a metrics port open to
/// the network): `FILE:LINE: warning: message`.
public struct ConfigWarning: Sendable, Hashable, CustomStringConvertible {
    public var location: ConfigLocation
    public var message: String

    public init(at location: ConfigLocation, _ message: String) {
        self.location = location
        self.message = message
    }

    public var description: String { "\(location): warning: \(message)" }
}

extension Array where Element == ConfigError {
    /// By file, in the order the files first appear, then by line; stable, so
    /// errors on one line keep the order they were found in.
    func sortedByPlace() -> [ConfigError] {
        var fileOrder: [String: Int] = [:]
        for error in self where fileOrder[error.path] == nil { fileOrder[error.path] = fileOrder.count }
        return enumerated().sorted { x, y in
            let (a, b) = (x.element, y.element)
            if a.path != b.path { return fileOrder[a.path]! < fileOrder[b.path]! }
            if a.line != b.line { return a.line < b.line }
            return x.offset < y.offset
        }.map(\.element)
    }
}
