import NIOCore
import Synchronization

/// What the receiver's connections share: the script, the recording and
/// the open connections, under one lock (requests arrive on several threads).
final class ReceiverState: Sendable {
    private struct Locked {
        var script = ResponseScript()
        var recording = Recording()
        var connections: [ObjectIdentifier: any Channel] = [:]
    }

    private let locked = Mutex(Locked())

    func script(_ responses: [ScriptedResponse]) {
        locked.withLock { $0.script.append(responses) }
    }

    func setFailureRate(_ rate: Double, seed: UInt64, failures: [ScriptedResponse]) {
        locked.withLock { $0.script.setFailureRate(rate, seed: seed, failures: failures) }
    }

    var pendingScript: Int { locked.withLock { $0.script.pending } }

    func nextResponse() -> ScriptedResponse {
        locked.withLock { $0.script.next() }
    }

    func record(_ request: RecordedRequest, accepted events: [ReceivedEvent]) {
        locked.withLock { $0.recording.record(request, accepted: events) }
    }

    func snapshot() -> ReceiverSnapshot {
        locked.withLock { $0.recording.snapshot }
    }

    func opened(_ channel: any Channel) {
        locked.withLock { $0.connections[ObjectIdentifier(channel)] = channel }
    }

    func closed(_ channel: any Channel) {
        _ = locked.withLock { $0.connections.removeValue(forKey: ObjectIdentifier(channel)) }
    }

    var openConnections: [any Channel] {
        locked.withLock { Array($0.connections.values) }
    }
}
