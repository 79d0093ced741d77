/// A parsed TOML 1.0 document: every key and value with its line and column.
///
/// Strict: anything TOML forbids is an error, reported as `path:LINE: message`.
/// A key or table defined twice is reported and parsing goes on, so one run
/// shows them all; a syntax error stops it, because what follows cannot be
/// read reliably. Never traps, whatever the input (fuzzed in the tests).
public struct TOMLDocument: Sendable, Equatable {
    public var path: String
    public var root: TOMLTable

    /// Tables and arrays may nest this deep (deeper input is an error, so
    /// that no input can exhaust the stack).
    public static let maximumDepth = 64

    public init(parsing bytes: [UInt8], path: String) throws(ConfigErrors) {
        let parser = TOMLParser(bytes: bytes, path: path)
        var problems: [ConfigError] = []
        do {
            try parser.parseDocument()
        } catch {
            problems.append(error)
        }
        problems.insert(contentsOf: parser.problems, at: 0)
        if !problems.isEmpty { throw ConfigErrors(problems) }
        self.path = path
        root = parser.root.build()
    }

    public init(parsing text: String, path: String) throws(ConfigErrors) {
        try self.init(parsing: Array(text.utf8), path: path)
    }
}

/// A table under construction: what it holds, and how it was made, which
/// decides what may still be added to it.
final class TableBuilder {
    final class Elements {
        var tables: [TableBuilder]
        init(_ first: TableBuilder) { tables = [first] }
    }

    enum Content {
        case value(TOMLNode)
        case table(TableBuilder)
        case tableArray(Elements)
    }

    struct Slot {
        var keyPosition: SourcePosition
        var content: Content

        /// Where what the key holds was first written.
        var line: Int {
            switch content {
            case .value(let node): node.position.line
            case .table(let table): table.position.line
            case .tableArray(let elements): elements.tables[0].position.line
            }
        }
    }

    var kind: TOMLTable.Kind
    var position: SourcePosition
    let depth: Int
    private var order: [String] = []
    private(set) var slots: [String: Slot] = [:]

    init(kind: TOMLTable.Kind, position: SourcePosition, depth: Int) {
        self.kind = kind
        self.position = position
        self.depth = depth
    }

    subscript(key: String) -> Slot? { slots[key] }

    func add(_ key: String, at keyPosition: SourcePosition, _ content: Content) {
        precondition(slots[key] == nil, "a key added twice to one table")
        order.append(key)
        slots[key] = Slot(keyPosition: keyPosition, content: content)
    }

    /// The finished value. Recursion is bounded by `TOMLDocument.maximumDepth`.
    func build() -> TOMLTable {
        var table = TOMLTable(kind: kind, position: position)
        table.entries.reserveCapacity(order.count)
        for key in order {
            let slot = slots[key]!
            let node: TOMLNode
            switch slot.content {
            case .value(let value):
                node = value
            case .table(let child):
                node = TOMLNode(.table(child.build()), at: child.position)
            case .tableArray(let elements):
                node = TOMLNode(.array(elements.tables.map { TOMLNode(.table($0.build()), at: $0.position) }),
                                at: elements.tables[0].position)
            }
            table.entries.append(TOMLEntry(key: key, keyPosition: slot.keyPosition, node: node))
        }
        return table
    }
}

extension TOMLParser {
    /// `a.b.c = value` in `table`: dotted keys make tables as they go, but
    /// may only walk through tables that dotted keys made.
    func assign(_ key: [KeyPart], _ node: TOMLNode, in start: TableBuilder) {
        var table = start
        for (number, part) in key.dropLast().enumerated() {
            var name: String { dottedName(key.prefix(number + 1)) }
            guard let slot = table[part.name] else {
                let child = TableBuilder(kind: .dotted, position: part.position, depth: table.depth + 1)
                table.add(part.name, at: part.position, .table(child))
                table = child
                continue
            }
            switch slot.content {
            case .table(let child) where child.kind == .dotted:
                table = child
            case .table:
                report(.redefinition, at: part.position,
                       "table '\(name)' is defined at line \(slot.line); dotted keys cannot add to it")
                return
            case .tableArray:
                report(.redefinition, at: part.position,
                       "'\(name)' is an array of tables (line \(slot.line)); dotted keys cannot add to it")
                return
            case .value(let existing):
                let what = if case .table = existing.value { "an inline table" } else { "a value" }
                report(.redefinition, at: part.position,
                       "'\(name)' is already \(what) (line \(slot.line)); it cannot hold more keys")
                return
            }
        }
        let last = key[key.count - 1]
        if let slot = table[last.name] {
            report(.redefinition, at: last.position,
                   "duplicate key '\(dottedName(key))' (first at line \(slot.keyPosition.line))")
            return
        }
        table.add(last.name, at: last.position, .value(node))
    }

    /// `[a.b]` or `[[a.b]]`: the table that the lines below fill, or a
    /// detached one (whose keys go nowhere) when the header is an error.
    func define(_ key: [KeyPart], isArray: Bool, at header: SourcePosition) -> TableBuilder {
        var title: String { isArray ? "[[\(dottedName(key))]]" : "[\(dottedName(key))]" }
        var detached: TableBuilder { TableBuilder(kind: .header, position: header, depth: 0) }
        var table = root
        for (number, part) in key.enumerated() {
            let isLast = number == key.count - 1
            var name: String { dottedName(key.prefix(number + 1)) }
            guard let slot = table[part.name] else {
                let child = TableBuilder(kind: isLast ? (isArray ? .arrayElement : .header) : .implicit,
                                         position: header, depth: table.depth + 1)
                table.add(part.name, at: part.position, isLast && isArray ? .tableArray(.init(child)) : .table(child))
                table = child
                continue
            }
            switch slot.content {
            case .table(let child) where !isLast:
                table = child
            case .table where isArray:
                report(.redefinition, at: part.position,
                       "\(title): '\(name)' is a table (line \(slot.line)), not an array of tables")
                return detached
            case .table(let child):
                switch child.kind {
                case .implicit:
                    child.kind = .header
                    child.position = header
                    return child
                case .dotted:
                    report(.redefinition, at: part.position,
                           "table \(title) was already made by dotted keys at line \(slot.line)")
                default:
                    report(.redefinition, at: part.position,
                           "table \(title) is defined twice (first at line \(slot.line))")
                }
                return detached
            case .tableArray(let elements) where isLast && isArray:
                let child = TableBuilder(kind: .arrayElement, position: header, depth: table.depth + 1)
                elements.tables.append(child)
                return child
            case .tableArray(let elements) where !isLast:
                table = elements.tables[elements.tables.count - 1]
            case .tableArray:
                report(.redefinition, at: part.position,
                       "\(title): '\(name)' is an array of tables (line \(slot.line)); write [[\(name)]] to add one")
                return detached
            case .value(let existing):
                let what = if case .table = existing.value { "an inline table" } else { "a value" }
                report(.redefinition, at: part.position,
                       "\(title): '\(name)' is already \(what) (line \(slot.line))")
                return detached
            }
        }
        return table
    }

    func dottedName(_ parts: some Collection<KeyPart>) -> String {
        parts.map { part in
            part.name.utf8.allSatisfy(isBareKeyByte) && !part.name.isEmpty ? part.name : "\"\(part.name)\""
        }.joined(separator: ".")
    }
}
