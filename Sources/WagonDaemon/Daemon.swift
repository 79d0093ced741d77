import EventStore
import GPIOInput
import HTTPUplink
import MQTTUplink
import Logging
import ServiceLifecycle
import UnixSignals
import Uplink
import WagonCore

/// Wires the parts into one service group: the store opens first and closes
/// last; the counting service starts last and stops first, so the open train
/// reaches the outbox before anything closes.
public struct Daemon {
    public let settings: DaemonSettings
    let logger: Logger

    /// Reads the configuration again, for SIGHUP; nil: nothing to reload (demo).
    let reload: (@Sendable () throws -> DaemonSettings)?

    public init(settings: DaemonSettings, reload: (@Sendable () throws -> DaemonSettings)? = nil, logger: Logger) {
        self.settings = settings
        self.reload = reload
        self.logger = logger
    }

    /// Runs until SIGTERM or SIGINT; returns after a graceful shutdown.
    public func run() async throws {
        let notifier = SystemdNotifier()
        // A bad listen address is a configuration error: find it before anything opens.
        let metricsConfiguration = try settings.metricsListen.map { try MetricsService.Configuration(listen: $0) }
        let store = await EventStore.open(path: settings.store.path, limits: settings.store.limits, logger: logger)
        let status = DaemonStatus(site: settings.site, pointNames: settings.points.map(\.name),
                                  startedAt: Clocks.realtime())

        let uplinks: [any Uplink]
        do {
            uplinks = try Self.makeUplinks(settings, logger: logger)
        } catch {
            await store.close()
            throw DaemonError(code: .configuration, message: "\(error)")
        }
        try await store.register(uplinks: uplinks.map(\.name))
        let source = try openSource()
        status.update { $0.source = source.description; $0.ready = true }

        let uplinkServices = uplinks.map {
            UplinkService(runner: UplinkRunner(
                uplink: $0, store: store, policy: settings.uplinks.batch, backoff: settings.uplinks.backoff,
                logger: logger))
        }
        var services: [ServiceGroupConfiguration.ServiceConfiguration] = uplinkServices.map { .init(service: $0) }
        let current = CurrentSettings(settings)
        let pointReloads = PendingPointSettings()
        let counting = CountingService(
            source: source.source, settings: settings.points, recorder: settings.recorder, store: store, status: status,
            notifier: notifier, observer: MetricsObserver(pointNames: settings.points.map(\.name)),
            reloads: pointReloads, logger: logger)
        services.append(.init(service: counting, successTerminationBehavior: .gracefullyShutdownGroup,
                              failureTerminationBehavior: .gracefullyShutdownGroup))

        if let path = settings.controlSocket {
            let logger = self.logger
            let control = ControlSocketService(path: path, status: status, store: store, logger: logger, flush: {
                // A fresh runner per uplink: no backoff to wait out, a new connection.
                let settings = current.value
                var asked: [String] = []
                for service in uplinkServices {
                    guard let uplink = try? Self.makeUplinks(settings, logger: logger)
                        .first(where: { $0.name == service.name }) else { continue }
                    service.replace(with: UplinkRunner(
                        uplink: uplink, store: store, policy: settings.uplinks.batch,
                        backoff: settings.uplinks.backoff, logger: logger))
                    asked.append(service.name)
                }
                return asked
            })
            // Diagnostics never stop the counting: a socket that cannot open is logged and left out.
            services.insert(.init(service: control, successTerminationBehavior: .ignore,
                                  failureTerminationBehavior: .ignore), at: 0)
        }
        if let metrics = metricsConfiguration {
            let service = MetricsService(
                configuration: metrics, registry: DaemonMetrics.bootstrap(), store: store,
                sourceReading: source.reading, logger: logger)
            services.insert(.init(service: service), at: 0)  // starts first, stops last
        }

        if let reload {
            let logger = self.logger
            let reloader = ReloadService(
                current: current, load: reload, pointReloads: pointReloads,
                uplinks: Dictionary(uniqueKeysWithValues: uplinkServices.map { ($0.name, $0) }),
                makeRunner: { settings, name in
                    guard let uplink = try Self.makeUplinks(settings, logger: logger).first(where: { $0.name == name }) else {
                        return nil
                    }
                    return UplinkRunnerBox(runner: UplinkRunner(
                        uplink: uplink, store: store, policy: settings.uplinks.batch,
                        backoff: settings.uplinks.backoff, logger: logger))
                },
                notifier: notifier, logger: logger)
            services.insert(.init(service: reloader, successTerminationBehavior: .ignore,
                                  failureTerminationBehavior: .ignore), at: 0)
        }

        services.append(.init(service: StartupCodeRelease(logger: logger), successTerminationBehavior: .ignore,
                              failureTerminationBehavior: .ignore))

        let group = ServiceGroup(configuration: ServiceGroupConfiguration(
            services: services, gracefulShutdownSignals: [.sigterm, .sigint], cancellationSignals: [],
            logger: logger))
        notifier.ready(status: "counting on \(settings.points.count) point(s); outbox \(settings.store.path)")
        logger.notice("wagond ready", metadata: [
            "site": "\(settings.site)", "source": "\(source.description)", "outbox": "\(settings.store.path)",
            "uplinks": "\(uplinks.map(\.name).joined(separator: ","))",
        ])
        do {
            try await group.run()
        } catch {
            logger.error("a service failed", metadata: ["error": "\(error)"])
            await store.close()
            throw error
        }
        await store.close()
        logger.notice("wagond stopped")
    }

    static func makeUplinks(_ settings: DaemonSettings, logger: Logger) throws -> [any Uplink] {
        var uplinks: [any Uplink] = []
        if let http = settings.uplinks.http {
            uplinks.append(try HTTPUplink(configuration: http, logger: logger))
        }
        if let mqtt = settings.uplinks.mqtt {
            uplinks.append(try MQTTUplink(configuration: mqtt, logger: logger))
        }
        if let file = settings.uplinks.file {
            uplinks.append(FileUplink(path: file, source: settings.eventSource))
        }
        return uplinks
    }

    private func openSource() throws -> OpenedSource {
        switch settings.source {
        case .simulation(let speedup, let seed, let gap, let noisy):
            let source = SimulatedTrafficSource(
                pointNames: settings.points.map(\.name), speedup: speedup, seed: seed, gap: gap, noisy: noisy,
                wallClock: { Clocks.realtime() })
            return OpenedSource(source: source, description: "simulation ×\(speedup), seed \(seed)")
        case .gpio(let options):
            let lines = settings.points.flatMap { [$0.lineA, $0.lineB] }
            do {
                let source = try GPIOEdgeSource(
                    chip: nil, lines: lines, channels: ChannelTable(pointNames: settings.points.map(\.name)),
                    options: options)
                for warning in source.reader.warnings { logger.warning("\(warning)") }
                return OpenedSource(
                    source: source,
                    // Where each line was found: named lines may be on chips of their own.
                    description: "GPIO " + zip(lines, source.reader.chipNames)
                        .map { line, chip in "\(line.channel)=\(line.line)@\(chip)" }.joined(separator: " "),
                    reading: { [reader = source.reader] in SourceReading(reader) })
            } catch {
                throw DaemonError(code: .hardware, message: "\(error)")
            }
        }
    }
}

struct OpenedSource {
    var source: any LiveEdgeSource & Sendable
    var description: String
    /// The GPIO reader's loss counters and ring fill, for metrics.
    var reading: (@Sendable () -> SourceReading?)? = nil
}

/// Errors that stop the daemon before it runs, with what to do about them.
public struct DaemonError: Error, CustomStringConvertible {
    public enum Code: Sendable { case unsupported, configuration, hardware }
    public var code: Code
    public var message: String
    public var description: String { message }
}
