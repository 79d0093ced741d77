import WagonJSON

/// A JSON object read by key with the types the protocol promises: keys it
/// does not know are ignored (a newer peer may send more), a key of the
/// wrong type is an error, and so is a missing required key. `null` and a
/// missing key mean the same for optional values.
struct JSONFields {
    let members: [String: JSONValue]
    /// Where this object sits in the message, for errors: `points[1].last_train`.
    let path: String

    init(_ value: JSONValue, path: String) throws(ControlError) {
        guard case .object(let members) = value else {
            throw ControlError(.badRequest, "\(path.isEmpty ? "the message" : path) must be an object, not \(value.kind)")
        }
        self.members = members
        self.path = path
    }

    private func name(_ key: String) -> String { path.isEmpty ? key : path + "." + key }

    private func wrongType(_ key: String, _ expected: String, _ value: JSONValue) -> ControlError {
        ControlError(.badRequest, "\(name(key)) must be \(expected), not \(value.kind)")
    }

    /// The value at `key`, nil when missing or null.
    func optionalValue(_ key: String) -> JSONValue? {
        guard let value = members[key], value != .null else { return nil }
        return value
    }

    func required(_ key: String) throws(ControlError) -> JSONValue {
        guard let value = optionalValue(key) else { throw ControlError(.badRequest, "\(name(key)) is missing") }
        return value
    }

    func optionalString(_ key: String) throws(ControlError) -> String? {
        guard let value = optionalValue(key) else { return nil }
        guard case .string(let text) = value else { throw wrongType(key, "a string", value) }
        return text
    }

    func string(_ key: String) throws(ControlError) -> String {
        guard let text = try optionalString(key) else { throw ControlError(.badRequest, "\(name(key)) is missing") }
        return text
    }

    func optionalBool(_ key: String) throws(ControlError) -> Bool? {
        guard let value = optionalValue(key) else { return nil }
        guard case .bool(let flag) = value else { throw wrongType(key, "true or false", value) }
        return flag
    }

    func bool(_ key: String) throws(ControlError) -> Bool {
        guard let flag = try optionalBool(key) else { throw ControlError(.badRequest, "\(name(key)) is missing") }
        return flag
    }

    /// An integer written without fraction or exponent that fits in 64 bits.
    func optionalInt64(_ key: String) throws(ControlError) -> Int64? {
        guard let value = optionalValue(key) else { return nil }
        guard case .number(let text) = value, let number = Int64(text) else {
            throw wrongType(key, "an integer", value)
        }
        return number
    }

    func int64(_ key: String) throws(ControlError) -> Int64 {
        guard let number = try optionalInt64(key) else { throw ControlError(.badRequest, "\(name(key)) is missing") }
        return number
    }

    func optionalInt(_ key: String) throws(ControlError) -> Int? { try optionalInt64(key).map { Int($0) } }

    func int(_ key: String) throws(ControlError) -> Int { Int(try int64(key)) }

    func optionalDouble(_ key: String) throws(ControlError) -> Double? {
        guard let value = optionalValue(key) else { return nil }
        guard case .number(let text) = value, let number = Double(text) else {
            throw wrongType(key, "a number", value)
        }
        return number
    }

    func double(_ key: String) throws(ControlError) -> Double {
        guard let number = try optionalDouble(key) else { throw ControlError(.badRequest, "\(name(key)) is missing") }
        return number
    }

    func strings(_ key: String) throws(ControlError) -> [String] {
        var result: [String] = []
        for (index, element) in try array(key).enumerated() {
            guard case .string(let text) = element else {
                throw ControlError(.badRequest, "\(name(key))[\(index)] must be a string, not \(element.kind)")
            }
            result.append(text)
        }
        return result
    }

    /// An array; missing or null reads as empty.
    func array(_ key: String) throws(ControlError) -> [JSONValue] {
        guard let value = optionalValue(key) else { return [] }
        guard case .array(let elements) = value else { throw wrongType(key, "an array", value) }
        return elements
    }

    /// The objects of an array, each decoded by `body` with its own path.
    func objects<T>(_ key: String, _ body: (JSONFields) throws(ControlError) -> T) throws(ControlError) -> [T] {
        var result: [T] = []
        for (index, element) in try array(key).enumerated() {
            result.append(try body(try JSONFields(element, path: "\(name(key))[\(index)]")))
        }
        return result
    }

    func object(_ key: String) throws(ControlError) -> JSONFields {
        try JSONFields(try required(key), path: name(key))
    }

    func optionalObject(_ key: String) throws(ControlError) -> JSONFields? {
        guard let value = optionalValue(key) else { return nil }
        return try JSONFields(value, path: name(key))
    }

    /// An object of integers, such as `{"diagnostic": 3}`.
    func counts(_ key: String) throws(ControlError) -> [String: Int] {
        guard let fields = try optionalObject(key) else { return [:] }
        var result: [String: Int] = [:]
        for member in fields.members.keys {
            if let count = try fields.optionalInt(member) { result[member] = count }
        }
        return result
    }
}
