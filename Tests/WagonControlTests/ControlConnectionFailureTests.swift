import Glibc
import Testing
import TestSupport
import WagonControl

/// A connection that cannot be made gives its error and leaves every other
/// descriptor of the process alone.
@Suite struct ControlConnectionFailureTests {
    @Test func aFailedConnectClosesItsSocketOnce() {
        let missing = "/tmp/wagonctl-test-\(getpid())-no-such.sock"
        var failures = 0
        // A failed init runs deinit: a socket closed in init and again in
        // deinit closed the watcher's file in about 7% of tries here.
        let stolen = descriptorsClosedUnderAnotherThread {
            for _ in 0..<20_000 {
                do { _ = try ControlConnection(path: missing) } catch { failures += 1 }
            }
        }
        #expect(failures == 20_000)
        #expect(stolen == 0)
    }
}
