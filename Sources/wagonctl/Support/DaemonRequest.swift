import ArgumentParser
import WagonControl

extension ExitStatus {
    static let unavailable: Int32 = 69
    static let `protocol`: Int32 = 76
    static let noPermission: Int32 = 77
}

/// Asks the running daemon one question over its control socket. Prints why
/// it got no answer (`wagonctl: cannot reach wagond at PATH: Connection
/// refused (is it running?)`) and throws the exit status for it: 69 when
/// the daemon is not there or does not answer, 77 when this user may not
/// connect, 76 when the answer is not one this wagonctl can read.
/// Returns the answer and its line as received (for `--json`, which passes
/// on keys a newer daemon adds).
func askDaemon(_ request: ControlRequest, socket: String) throws -> (response: ControlResponse, line: String) {
    let response: ControlResponse
    let line: [UInt8]
    do {
        let connection = try ControlConnection(path: socket)
        defer { connection.close() }
        line = try connection.exchange(Array((request.json + "\n").utf8))
        response = try ControlResponse(json: line)
    } catch let error as ControlClientError {
        printError("wagonctl: \(error)")
        switch error.kind {
        case .permissionDenied: throw ExitCode(ExitStatus.noPermission)
        case .protocolError: throw ExitCode(ExitStatus.protocol)
        case .unreachable, .timedOut, .closed, .io: throw ExitCode(ExitStatus.unavailable)
        }
    } catch let error as ControlError {
        printError("wagonctl: wagond at \(socket): \(error.message)")
        throw ExitCode(ExitStatus.protocol)
    }
    switch response {
    case .failure(let error):
        printError("wagonctl: wagond refused '\(request.name)': \(error.message)")
        let temporary = error.code == .busy || error.code == .failed
        throw ExitCode(temporary ? ExitStatus.unavailable : ExitStatus.protocol)
    case _ where response.name != request.name:
        printError("wagonctl: wagond at \(socket) answered '\(request.name)' with '\(response.name)'")
        throw ExitCode(ExitStatus.protocol)
    default:
        return (response, String(decoding: line, as: UTF8.self))
    }
}
