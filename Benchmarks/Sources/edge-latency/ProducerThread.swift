#if canImport(Glibc)
import Glibc
#endif

/// Starts `body` on a thread of its own, as the GPIO reader is: at SCHED_FIFO
/// `realtimePriority` when given and the process may have it, else at normal
/// priority. Says whether it got the real-time priority.
func startProducerThread(realtimePriority: Int32?, _ body: @escaping @Sendable () -> Void) -> (thread: pthread_t, realtime: Bool) {
    let context = Unmanaged.passRetained(ThreadBody(body)).toOpaque()
    let entry: @convention(c) (UnsafeMutableRawPointer?) -> UnsafeMutableRawPointer? = { context in
        Unmanaged<ThreadBody>.fromOpaque(context!).takeRetainedValue().run()
        return nil
    }
    var thread = pthread_t()
    if let realtimePriority {
        var attributes = pthread_attr_t()
        pthread_attr_init(&attributes)
        defer { pthread_attr_destroy(&attributes) }
        pthread_attr_setinheritsched(&attributes, Int32(PTHREAD_EXPLICIT_SCHED))
        pthread_attr_setschedpolicy(&attributes, SCHED_FIFO)
        var parameters = sched_param(sched_priority: realtimePriority)
        pthread_attr_setschedparam(&attributes, &parameters)
        if pthread_create(&thread, &attributes, entry, context) == 0 { return (thread, true) }
    }
    let result = pthread_create(&thread, nil, entry, context)
    precondition(result == 0, "cannot start the producer thread: \(String(cString: strerror(result)))")
    return (thread, false)
}

private final class ThreadBody: @unchecked Sendable {
    let run: @Sendable () -> Void
    init(_ run: @escaping @Sendable () -> Void) { self.run = run }
}
