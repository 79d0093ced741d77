/// What went wrong on a connection that is not an error of the layers below
/// (socket, TLS, HTTP parsing): the two ways an answer can fail to come.
enum HTTPConnectionError: Error, Equatable {
    /// The deadline passed before the whole answer arrived.
    case noAnswerInTime
    /// The server closed the connection before the status line.
    case closedWithoutAnswer
}
