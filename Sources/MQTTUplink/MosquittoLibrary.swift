import CMosquitto
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// What libmosquitto needs once per process.
enum MosquittoLibrary {
    /// Sets the library up the first time only: Swift initialises a global
    /// once, thread-safely.
    static func initialiseOnce() {
        _ = initialised
    }

    private static let initialised: Bool = {
        // OpenSSL writes to the TLS socket with write(2), which raises SIGPIPE
        // when the broker has gone; the daemon must get EPIPE, not die.
        signal(SIGPIPE, SIG_IGN)
        // Never cleaned up: the library lives as long as the process.
        return mosquitto_lib_init() == MOSQ_ERR_SUCCESS.rawValue
    }()
}
