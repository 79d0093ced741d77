/// A consist description that could not be read. The description names the
/// bad token and, for unknown names, lists the known types.
public struct ConsistParseError: Error, Sendable, Hashable, CustomStringConvertible {
    public enum Code: Sendable, Hashable {
        case empty
        case emptyToken
        case unknownType
        case badCount
        /// More than `Consist.maxVehicles` vehicles in all.
        case tooLong
    }

    public var code: Code
    /// The comma-separated token at fault, as written (trimmed).
    public var token: String
    /// Names of the catalogue's types, for the message.
    public var knownTypes: [String]

    public init(code: Code, token: String, knownTypes: [String]) {
        self.code = code
        self.token = token
        self.knownTypes = knownTypes
    }

    public var description: String {
        switch code {
        case .empty:
            return "consist: empty description; expected e.g. '2xTE116,65xgondola'"
        case .emptyToken:
            return "consist: empty entry between commas in '\(token)'"
        case .unknownType:
            return "consist: unknown vehicle type in '\(token)'; known types: "
                + knownTypes.joined(separator: ", ")
        case .badCount:
            return "consist: bad count in '\(token)'; expected a count from 1 to \(Consist.maxCount), "
                + "as in '65xgondola'"
        case .tooLong:
            return "consist: '\(token)' takes the train past \(Consist.maxVehicles) vehicles, the most one train may have"
        }
    }
}
