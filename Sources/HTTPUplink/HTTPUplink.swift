import EventStore
import Logging
import NIOCore
import NIOHTTP1
import NIOSSL
import Synchronization
import Uplink

/// Posts each batch as one CloudEvents batch (`application/cloudevents-batch+json`)
/// to a collector over HTTP or HTTPS, gzip-compressed, with a bearer token.
/// The answer becomes a `DeliveryOutcome`; retrying is the runner's job, so
/// the client here neither retries nor follows redirects.
public final class HTTPUplink: Uplink {
    public let name = "http"

    private let configuration: HTTPUplinkConfiguration
    private let endpoint: Endpoint
    private let headers: HTTPHeaders
    private let tls: NIOSSLContext?
    private let logger: Logger
    /// The connection kept open between batches, while the server keeps it.
    private let idle = Mutex(IdleConnection())

    private struct IdleConnection {
        var connection: HTTPConnection?
        var isShutDown = false
    }

    /// Reads the token, CA, certificate and key files now: a mistake in the
    /// configuration stops the start with an error that names the file.
    public init(
        configuration: HTTPUplinkConfiguration,
        logger: Logger = Logger(label: "wagond.uplink.http")
    ) throws(UplinkConfigurationError) {
        guard configuration.requestTimeout > .zero else {
            throw UplinkConfigurationError(uplink: "http", code: .invalidSetting, message: "requestTimeout must be positive")
        }
        guard configuration.maxResponseBytes >= 0 else {
            throw UplinkConfigurationError(uplink: "http", code: .invalidSetting, message: "maxResponseBytes must not be negative")
        }
        let endpoint = try Endpoint(url: configuration.url)
        let token = try BearerToken.load(configuration)
        let tlsConfiguration = try configuration.makeTLSConfiguration()
        if endpoint.isTLS {
            do {
                tls = try NIOSSLContext(configuration: tlsConfiguration)
            } catch {
                throw UplinkConfigurationError(uplink: "http", code: .invalidSetting, message: "TLS settings refused: \(error)")
            }
        } else {
            tls = nil
        }

        var headers = HTTPHeaders()
        headers.add(name: "Host", value: endpoint.hostHeader)
        headers.add(name: "Content-Type", value: CloudEvents.batchContentType)
        headers.add(name: "User-Agent", value: "wagond")
        if let token { headers.add(name: "Authorization", value: token.headerValue) }

        self.configuration = configuration
        self.endpoint = endpoint
        self.headers = headers
        self.logger = logger
    }

    public func deliver(_ batch: [StoredEvent]) async -> DeliveryOutcome {
        precondition(!batch.isEmpty, "HTTPUplink.deliver needs at least one event")
        // One deadline over connecting, sending and the whole answer.
        let deadline = NIODeadline.now() + TimeAmount(configuration.requestTimeout)
        var requestHeaders = headers
        let payload = body(for: batch, headers: &requestHeaders)
        requestHeaders.add(name: "Content-Length", value: String(payload.count))
        let head = HTTPRequestHead(version: .http1_1, method: .POST, uri: endpoint.target, headers: requestHeaders)

        do {
            let connection = try await openConnection(deadline: deadline)
            let response: CollectedResponse
            do {
                response = try await connection.send(head, body: ByteBuffer(bytes: payload), deadline: deadline)
            } catch {
                connection.close()
                throw error
            }
            keepOrClose(connection, reusable: response.reusable)
            let outcome = ResponseOutcome.outcome(
                status: response.status,
                retryAfter: response.headers.first(name: "Retry-After"),
                location: response.headers.first(name: "Location"),
                body: response.bodyStart,
                now: WallClock.nanoseconds() / 1_000_000_000)
            logger.debug(
                "posted batch",
                metadata: ["events": "\(batch.count)", "status": "\(response.status)", "outcome": "\(outcome)"])
            return outcome
        } catch {
            let cause: any Error = Task.isCancelled ? CancellationError() : error
            let reason = TransportFailure.reason(for: cause, endpoint: endpoint, timeout: configuration.requestTimeout)
            logger.debug("batch not posted", metadata: ["events": "\(batch.count)", "reason": "\(reason)"])
            return .retry(after: nil, reason: reason)
        }
    }

    public func shutdown() async {
        let connection = idle.withLock { idle in
            idle.isShutDown = true
            defer { idle.connection = nil }
            return idle.connection
        }
        await connection?.shutdown()
    }

    /// The kept connection if the server has not closed it, else a new one.
    private func openConnection(deadline: NIODeadline) async throws -> HTTPConnection {
        let kept = idle.withLock { idle in
            defer { idle.connection = nil }
            return idle.connection
        }
        if let kept, kept.isOpen { return kept }
        kept?.close()
        return try await HTTPConnection.connect(
            to: endpoint, tls: tls, maxResponseBytes: configuration.maxResponseBytes, deadline: deadline)
    }

    /// Keeps the connection for the next batch, unless the answer ended it,
    /// the uplink is shut down, or another delivery already kept one.
    private func keepOrClose(_ connection: HTTPConnection, reusable: Bool) {
        let kept = reusable && idle.withLock { idle in
            guard !idle.isShutDown, idle.connection == nil else { return false }
            idle.connection = connection
            return true
        }
        if !kept { connection.close() }
    }

    /// The batch's JSON, gzip-compressed when configured (and zlib works).
    private func body(for batch: [StoredEvent], headers: inout HTTPHeaders) -> [UInt8] {
        let json = Array(CloudEvents.batch(batch, source: configuration.source).utf8)
        guard configuration.gzip else { return json }
        do {
            let compressed = try Gzip.compress(json)
            headers.add(name: "Content-Encoding", value: "gzip")
            return compressed
        } catch {
            logger.warning("gzip failed (\(error)); sending the batch uncompressed")
            return json
        }
    }
}
