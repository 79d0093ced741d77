import WagonJSON

extension JSONValue {
    /// A control message's JSON; malformed JSON is a bad request. Messages
    /// are shallow: 32 levels are plenty and bound the parser's stack.
    static func parseMessage(_ bytes: some Collection<UInt8>) throws(ControlError) -> JSONValue {
        do {
            return try parse(bytes, maxDepth: 32)
        } catch {
            throw ControlError(.badRequest, error.description)
        }
    }
}
