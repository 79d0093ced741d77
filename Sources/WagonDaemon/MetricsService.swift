import CoreMetrics
import EventStore
import Logging
import NIOCore
import Prometheus
import ServiceLifecycle
import Synchronization

/// Serves `GET /metrics` in the Prometheus text format from a registry, and
/// every few seconds refreshes the gauges nothing else updates: the
/// outbox's size and drops, each uplink's backlog, the GPIO ring
/// (docs/metrics.md). Loopback by default; any other address works, with a
/// warning. A port it cannot bind never stops the daemon: it logs and tries
/// again. On graceful shutdown it stops listening and closes its connections.
public final class MetricsService: Service {
    public struct Configuration: Sendable, Equatable {
        public var host: String
        public var port: Int
        public var refreshInterval: Duration
        /// How long to wait before binding again after a failure.
        public var bindRetryInterval: Duration
        public var version: String

        public init(host: String = "127.0.0.1", port: Int = 9464, refreshInterval: Duration = .seconds(5),
                    bindRetryInterval: Duration = .seconds(30), version: String = WagondVersion.current) {
            self.host = host
            self.port = port
            self.refreshInterval = refreshInterval
            self.bindRetryInterval = bindRetryInterval
            self.version = version
        }

        /// `HOST:PORT`, `[IPv6]:PORT` or `:PORT` (loopback).
        public init(listen: String) throws {
            self.init()
            let invalid = DaemonError(code: .configuration, message:
                "metrics: '\(listen)' is not HOST:PORT (e.g. 127.0.0.1:9464, [::1]:9464, 0.0.0.0:9464)")
            guard let colon = listen.lastIndex(of: ":"), let port = Int(listen[listen.index(after: colon)...]),
                  (0...65535).contains(port) else { throw invalid }
            var host = listen[..<colon]
            if host.hasPrefix("[") {
                guard host.hasSuffix("]"), host.count > 2 else { throw invalid }
                host = host.dropFirst().dropLast()
            } else if host.contains(":") {
                throw invalid  // an IPv6 address needs brackets
            }
            if !host.isEmpty { self.host = String(host) }
            self.port = port
        }
    }

    public let configuration: Configuration
    private let registry: PrometheusCollectorRegistry
    private let store: EventStore?
    private let sourceReading: (@Sendable () -> SourceReading?)?
    private let factory: any MetricsFactory
    private let logger: Logger
    private let bound = Mutex<SocketAddress?>(nil)

    /// `registry` is what `/metrics` shows and `factory` where the refreshed
    /// gauges go: `DaemonMetrics.bootstrap()` and the bootstrapped
    /// `MetricsSystem.factory` in wagond. `sourceReading` is nil for sources
    /// without a reader thread (simulation): no ring or loss series then.
    public init(configuration: Configuration = Configuration(), registry: PrometheusCollectorRegistry,
                store: EventStore?, sourceReading: (@Sendable () -> SourceReading?)? = nil,
                factory: any MetricsFactory = MetricsSystem.factory, logger: Logger) {
        self.configuration = configuration
        self.registry = registry
        self.store = store
        self.sourceReading = sourceReading
        self.factory = factory
        self.logger = logger
    }

    /// The port it listens on, once it does (the kernel's choice for port 0).
    public var listeningPort: Int? { bound.withLock { $0?.port } }

    public func run() async throws {
        Gauge(label: "wagond_build_info", dimensions: [("version", configuration.version)], factory: factory).record(1)
        let server = await cancelWhenGracefulShutdown { await self.serveAndRefresh() }
        if let server {
            await server.close()
            bound.withLock { $0 = nil }
            logger.info("metrics endpoint closed")
        }
    }

    /// Until cancelled: binds (again, after a failure) and refreshes the
    /// periodic series. Returns the server, for closing.
    private func serveAndRefresh() async -> MetricsHTTPServer? {
        var periodic = PeriodicMetrics(withSource: sourceReading != nil, factory: factory)
        var server: MetricsHTTPServer?
        var nextBind = ContinuousClock.now
        var bindFailures = 0
        while !Task.isCancelled {
            if server == nil, ContinuousClock.now >= nextBind {
                do {
                    server = try await bind()
                } catch {
                    bindFailures += 1
                    nextBind = .now + configuration.bindRetryInterval
                    logger.log(level: bindFailures == 1 ? .error : .debug, "metrics endpoint unavailable; will retry",
                               metadata: [
                                   "listen": "\(configuration.host):\(configuration.port)", "error": "\(error)",
                                   "retry_in_ms": "\(Int(configuration.bindRetryInterval / .milliseconds(1)))",
                               ])
                }
            }
            periodic.refresh(source: sourceReading?())
            if let store { await periodic.refresh(store: store, now: Clocks.realtime()) }
            try? await Task.sleep(for: configuration.refreshInterval)
        }
        return server
    }

    private func bind() async throws -> MetricsHTTPServer {
        let server = try await MetricsHTTPServer.bind(host: configuration.host, port: configuration.port,
                                                      registry: registry)
        bound.withLock { $0 = server.localAddress }
        let url = "http://\(server.localAddress.ipAddress.map { $0.contains(":") ? "[\($0)]" : $0 } ?? configuration.host)"
            + ":\(server.localAddress.port ?? configuration.port)/metrics"
        if MetricsHTTPServer.isLoopback(server.localAddress) {
            logger.info("metrics at \(url)")
        } else {
            logger.warning("metrics endpoint is reachable from the network, without authentication", metadata: [
                "url": "\(url)", "hint": "bind it to 127.0.0.1 and scrape through an SSH tunnel or a local agent",
            ])
        }
        return server
    }
}
