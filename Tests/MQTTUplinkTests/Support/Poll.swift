import Foundation

/// Checks `condition` every 10 ms until it holds or `timeout` seconds pass;
/// whether it held. For waits on other processes, which cannot call back.
func poll(timeout: TimeInterval, until condition: () throws -> Bool) rethrows -> Bool {
    let deadline = Date(timeIntervalSinceNow: timeout)
    repeat {
        if try condition() { return true }
        usleep(10_000)
    } while Date() < deadline
    return try condition()
}
