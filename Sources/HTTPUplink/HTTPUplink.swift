import AsyncHTTPClient
import EventStore
import Logging
import NIOCore
import NIOHTTP1
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
    private let logger: Logger
    private let client: HTTPClient

    /// Reads the token, CA, certificate and key files now: a mistake in the
    /// configuration stops the start with an error that names the file.
    public init(
        configuration: HTTPUplinkConfiguration,
        logger: Logger = Logger(label: "wagond.uplink.http")
    ) throws(HTTPUplinkConfigurationError) {
        guard configuration.requestTimeout > .zero else {
            throw HTTPUplinkConfigurationError(code: .invalidSetting, message: "requestTimeout must be positive")
        }
        guard configuration.maxResponseBytes >= 0 else {
            throw HTTPUplinkConfigurationError(code: .invalidSetting, message: "maxResponseBytes must not be negative")
        }
        let endpoint = try Endpoint(url: configuration.url)
        let token = try BearerToken.load(configuration)
        let tls = try configuration.makeTLSConfiguration()

        var headers = HTTPHeaders()
        headers.add(name: "Content-Type", value: CloudEvents.batchContentType)
        headers.add(name: "User-Agent", value: "wagond")
        if let token { headers.add(name: "Authorization", value: token.headerValue) }

        let timeout = TimeAmount(configuration.requestTimeout)
        var clientConfiguration = HTTPClient.Configuration(
            tlsConfiguration: tls,
            redirectConfiguration: .disallow,
            timeout: .init(connect: timeout, read: timeout),
            decompression: .disabled)
        // Fail at once when the collector is down; the runner's backoff
        // decides when to try again, not the HTTP client.
        clientConfiguration.connectionPool.retryConnectionEstablishment = false

        self.configuration = configuration
        self.endpoint = endpoint
        self.headers = headers
        self.logger = logger
        // Last, so that no client exists when the init throws (it must be shut down).
        self.client = HTTPClient(
            eventLoopGroup: HTTPClient.defaultEventLoopGroup,
            configuration: clientConfiguration,
            backgroundActivityLogger: logger)
    }

    public func deliver(_ batch: [StoredEvent]) async -> DeliveryOutcome {
        precondition(!batch.isEmpty, "HTTPUplink.deliver needs at least one event")
        var request = HTTPClientRequest(url: configuration.url)
        request.method = .POST
        var requestHeaders = headers
        let payload = body(for: batch, headers: &requestHeaders)
        request.headers = requestHeaders
        request.body = .bytes(ByteBuffer(bytes: payload))

        do {
            let response = try await client.execute(
                request, deadline: .now() + TimeAmount(configuration.requestTimeout), logger: logger)
            let start = await startOfBody(response.body)
            let outcome = ResponseOutcome.outcome(
                status: Int(response.status.code),
                retryAfter: response.headers.first(name: "Retry-After"),
                location: response.headers.first(name: "Location"),
                body: start,
                now: WallClock.nowSeconds())
            logger.debug(
                "posted batch",
                metadata: ["events": "\(batch.count)", "status": "\(response.status.code)", "outcome": "\(outcome)"])
            return outcome
        } catch {
            let reason = TransportFailure.reason(for: error, endpoint: endpoint, timeout: configuration.requestTimeout)
            logger.debug("batch not posted", metadata: ["events": "\(batch.count)", "reason": "\(reason)"])
            return .retry(after: nil, reason: reason)
        }
    }

    public func shutdown() async {
        do {
            try await client.shutdown()
        } catch {
            logger.warning("HTTP client did not shut down cleanly: \(error)")
        }
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

    /// Reads the response body up to `maxResponseBytes`, keeping its start for
    /// the reason. A body cut short does not change what the status said.
    private func startOfBody(_ body: HTTPClientResponse.Body) async -> [UInt8] {
        var start: [UInt8] = []
        var total = 0
        do {
            for try await chunk in body {
                if start.count < ResponseOutcome.reasonBodyBytes {
                    start += chunk.readableBytesView.prefix(ResponseOutcome.reasonBodyBytes - start.count)
                }
                total += chunk.readableBytes
                if total > configuration.maxResponseBytes { break }
            }
        } catch {
            logger.debug("response body cut short: \(error)")
        }
        return start
    }
}
