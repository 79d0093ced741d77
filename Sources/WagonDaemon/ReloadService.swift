import Logging
import Synchronization
import ServiceLifecycle
import UnixSignals
import Uplink

/// SIGHUP: read the configuration again. A configuration that does not
/// validate is refused (FILE:LINE in the log) and the running one stays.
/// Uplink settings take effect at once; a point's counting settings
/// (thresholds, spacing, geometry) and direction names between trains;
/// everything else (lines, files, sockets) is reported as needing a restart.
public struct ReloadService: Service {
    let current: CurrentSettings
    let load: @Sendable () throws -> DaemonSettings
    let pointReloads: PendingPointSettings
    let uplinks: [String: UplinkService]
    let makeRunner: @Sendable (DaemonSettings, String) throws -> UplinkRunnerBox?
    let notifier: SystemdNotifier
    let logger: Logger

    public func run() async throws {
        let hangups = await UnixSignalsSequence(trapping: .sighup)
        for await _ in hangups.cancelOnGracefulShutdown() {
            notifier.reloading(status: "reloading the configuration")
            defer { notifier.reloaded(status: "running") }
            let proposed: DaemonSettings
            do {
                proposed = try load()
            } catch {
                logger.error("SIGHUP: the configuration does not validate; keeping the running one",
                             metadata: ["errors": "\(error)"])
                continue
            }
            var applied: [String] = []
            let running = current.value
            var needRestart = ReloadPlan.needsRestart(from: running, to: proposed)
            for name in ReloadPlan.changedUplinks(from: running, to: proposed) {
                guard let service = uplinks[name] else {
                    needRestart.append("uplink \(name) added or removed")
                    continue
                }
                do {
                    guard let box = try makeRunner(proposed, name) else {
                        needRestart.append("uplink \(name) removed")
                        continue
                    }
                    service.replace(with: box.runner)
                    applied.append("uplink \(name)")
                } catch {
                    logger.error("SIGHUP: uplink \(name) cannot use its new settings; keeping the old ones",
                                 metadata: ["error": "\(error)"])
                }
            }
            let retuned = ReloadPlan.retunedPoints(from: running, to: proposed)
            if !retuned.isEmpty {
                pointReloads.propose(proposed.points.filter { retuned.contains($0.name) })
                applied.append("counting settings of " + retuned.joined(separator: ", ") + " (between trains)")
            }
            current.update {
                $0.uplinks = proposed.uplinks
                if !retuned.isEmpty { $0.points = proposed.points }
            }
            logger.notice("SIGHUP: configuration reloaded", metadata: [
                "applied": "\(applied.isEmpty ? "nothing changed that reloads" : applied.joined(separator: ", "))",
                "needs_restart": "\(needRestart.isEmpty ? "nothing" : needRestart.joined(separator: ", "))",
            ])
        }
    }
}

/// The settings in force, as SIGHUP changes them (the uplinks' part), for
/// whoever builds an uplink later (`wagonctl queue flush`).
public final class CurrentSettings: Sendable {
    private let state: Mutex<DaemonSettings>
    public init(_ settings: DaemonSettings) { state = Mutex(settings) }
    public var value: DaemonSettings { state.withLock { $0 } }
    public func update(_ body: (inout DaemonSettings) -> Void) { state.withLock { body(&$0) } }
}

/// A runner carried across the Sendable boundary of a closure's result.
public struct UplinkRunnerBox: Sendable {
    public var runner: UplinkRunner
}

/// What differs between two configurations, and what that needs.
enum ReloadPlan {
    static func changedUplinks(from old: DaemonSettings, to new: DaemonSettings) -> [String] {
        var names: [String] = []
        let policyChanged = old.uplinks.batch != new.uplinks.batch || old.uplinks.backoff != new.uplinks.backoff
        if old.uplinks.http != new.uplinks.http || (policyChanged && new.uplinks.http != nil) { names.append("http") }
        if old.uplinks.mqtt != new.uplinks.mqtt || (policyChanged && new.uplinks.mqtt != nil) { names.append("mqtt") }
        if old.uplinks.file != new.uplinks.file || (policyChanged && new.uplinks.file != nil) { names.append("file") }
        return names
    }

    static func needsRestart(from old: DaemonSettings, to new: DaemonSettings) -> [String] {
        var changes: [String] = []
        if old.site != new.site { changes.append("site") }
        if !samePointsAndLines(old.points, new.points) { changes.append("points or lines") }
        if old.store != new.store { changes.append("store") }
        if old.recorder != new.recorder { changes.append("recorder") }
        if old.metricsListen != new.metricsListen { changes.append("metrics") }
        if old.controlSocket != new.controlSocket { changes.append("control socket") }
        return changes
    }

    /// Points whose counting settings or direction names changed, when the
    /// points and their lines did not (those need a restart).
    static func retunedPoints(from old: DaemonSettings, to new: DaemonSettings) -> [String] {
        guard samePointsAndLines(old.points, new.points) else { return [] }
        return zip(old.points, new.points).compactMap { old, new in
            old.counting != new.counting || old.directionNames != new.directionNames ? new.name : nil
        }
    }

    private static func samePointsAndLines(_ old: [PointSettings], _ new: [PointSettings]) -> Bool {
        old.count == new.count && zip(old, new).allSatisfy { old, new in
            old.name == new.name && old.lineA == new.lineA && old.lineB == new.lineB
        }
    }
}
