extension Consist {
    /// Largest count one token may give; guards against typos like `6500xtank`.
    public static let maxCount = 1000
    /// Most vehicles (sections counted) one train may have: the longest
    /// trains run have under 700 wagons. Guards against a description
    /// repeated by mistake, which would otherwise be built in memory.
    public static let maxVehicles = 2000

    /// Reads `"2xTE116,65xgondola"`, `"vectron, 20 x sgns"`, `"ChME3, 5 X tank"`:
    /// comma-separated entries, each a type name, optionally preceded by a count
    /// and `x` (spaces allowed around everything). Names ignore case. `2xTE116`
    /// means two TE116 units; a multi-section unit (`2TE10`) still expands into
    /// its sections.
    public init(parsing text: some StringProtocol, catalogue: Catalogue = .standard) throws(ConsistParseError) {
        let known = catalogue.names
        let trimmedText = Self.trimmed(Substring(text))
        guard !trimmedText.isEmpty else {
            throw ConsistParseError(code: .empty, token: "", knownTypes: known)
        }
        var units: [VehicleType] = []
        var vehicles = 0
        for rawToken in trimmedText.split(separator: ",", omittingEmptySubsequences: false) {
            let token = Self.trimmed(rawToken)
            guard !token.isEmpty else {
                throw ConsistParseError(code: .emptyToken, token: String(trimmedText), knownTypes: known)
            }
            let (count, type) = try Self.countAndName(token, catalogue: catalogue)
            vehicles += count * type.sections
            guard vehicles <= Self.maxVehicles else {
                throw ConsistParseError(code: .tooLong, token: String(token), knownTypes: known)
            }
            units.append(contentsOf: repeatElement(type, count: count))
        }
        self.init(units)
    }

    /// Splits `65 x gondola` into (65, gondola). A whole token that names a
    /// type wins, so names that start with digits (`2TE10`) need no count.
    private static func countAndName(
        _ token: Substring, catalogue: Catalogue
    ) throws(ConsistParseError) -> (Int, VehicleType) {
        if let type = catalogue.type(named: token) { return (1, type) }
        let fail = { (code: ConsistParseError.Code) in
            ConsistParseError(code: code, token: String(token), knownTypes: catalogue.names)
        }
        let digits = token.prefix { $0.isASCII && $0.isNumber }
        guard !digits.isEmpty else { throw fail(.unknownType) }
        let rest = trimmed(token.dropFirst(digits.count))
        guard let times = rest.first, times == "x" || times == "X" || times == "*" || times == "×" else {
            throw fail(.unknownType)
        }
        let name = trimmed(rest.dropFirst())
        guard let type = catalogue.type(named: name) else { throw fail(.unknownType) }
        guard digits.count <= 6, let count = Int(digits), count >= 1, count <= maxCount else {
            throw fail(.badCount)
        }
        return (count, type)
    }

    private static func trimmed(_ text: Substring) -> Substring {
        let start = text.firstIndex { !$0.isWhitespace } ?? text.endIndex
        let end = text.lastIndex { !$0.isWhitespace }.map { text.index(after: $0) } ?? start
        return text[start..<end]
    }
}
