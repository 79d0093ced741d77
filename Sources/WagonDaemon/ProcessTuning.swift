import NIOCore

/// Sizes the process's shared resources for a small box before anything
/// uses them. SwiftNIO's singletons default to one event loop and one
/// blocking thread per core (eight threads on a Raspberry Pi 4); the daemon
/// has a handful of sockets and an outbox whose operations run one at a
/// time anyway, so one of each is plenty and each thread less is stack at idle.
public enum ProcessTuning {
    /// Call first thing in `main`, before any NIO or outbox use: NIO refuses
    /// a change once a singleton exists. The environment variables NIO reads
    /// (`NIO_SINGLETON_GROUP_LOOP_COUNT`, `NIO_SINGLETON_BLOCKING_POOL_THREAD_COUNT`)
    /// still win, for tuning on a bigger machine.
    public static func applyForDaemon(environment: [String: String]) {
        if environment["NIO_SINGLETON_GROUP_LOOP_COUNT"] == nil {
            NIOSingletons.groupLoopCountSuggestion = 1
        }
        if environment["NIO_SINGLETON_BLOCKING_POOL_THREAD_COUNT"] == nil {
            NIOSingletons.blockingPoolThreadCountSuggestion = 1
        }
    }
}
