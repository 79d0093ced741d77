/// What is wrong with a JSON text, and where (a byte offset, when there is one).
public struct JSONError: Error, CustomStringConvertible, Equatable, Sendable {
    public var offset: Int?
    public var message: String

    public init(offset: Int?, message: String) {
        self.offset = offset
        self.message = message
    }

    public var description: String {
        offset.map { "malformed JSON at byte \($0): \(message)" } ?? "malformed JSON: \(message)"
    }
}
