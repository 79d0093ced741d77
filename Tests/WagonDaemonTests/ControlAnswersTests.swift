@testable import EventStore
import CTimex
import Testing
import WagonControl
import WagonCore
@testable import WagonDaemon

@Suite struct ControlAnswersTests {
    static func stats(path: String = "/o") -> StoreStats {
        StoreStats(path: path, epoch: "e", events: 3, bytes: 300, fileBytes: 4096, oldestSeq: 1, oldestTime: 7,
                   newestSeq: 3, heldInMemory: 2, writeFailure: "disk full", writeFailureSince: 5,
                   dropped: [.diagnostic: 4, .health: 1], deadLetters: 6,
                   uplinks: [UplinkState(name: "http", ackedSeq: 1, backlog: 2, delivered: 9, failures: 3,
                                         lastAttempt: 11, lastSuccess: 10, lastResult: "HTTP 503")],
                   limits: StoreLimits(maxEvents: 100, maxBytes: 1000))
    }

    @Test func yesterdaysCountIsNotTodays() {
        let now = Clocks.realtime()
        var snapshot = DaemonStatus.Snapshot(site: "s", startedAt: now - 3_000_000_000, points: [PointStatus(name: "p")])
        snapshot.points[0].trainsToday = 12
        snapshot.points[0].trainsTotal = 40
        snapshot.points[0].today = Clocks.localDay(of: now) - 1
        let status = ControlAnswers.status(snapshot, store: Self.stats(), clock: .unknown, daemonVersion: "v", now: now)
        #expect(status.points[0].trainsToday == 0)
        #expect(status.points[0].trainsTotal == 40)
        #expect(status.uptimeSeconds == 3)
        snapshot.points[0].today = Clocks.localDay(of: now)
        #expect(ControlAnswers.status(snapshot, store: Self.stats(), clock: .unknown, daemonVersion: "v", now: now)
            .points[0].trainsToday == 12)
    }

    @Test func theOutboxStatisticsAreCarriedOver() {
        let snapshot = DaemonStatus.Snapshot(site: "s", startedAt: 0, points: [])
        let status = ControlAnswers.status(snapshot, store: Self.stats(), clock: .unknown, daemonVersion: "v", now: 0)
        #expect(status.store == StatusResponse.Store(
            path: "/o", events: 3, bytes: 300, fileBytes: 4096, maxEvents: 100, maxBytes: 1000, oldestEvent: 7,
            heldInMemory: 2, alarm: "disk full", alarmSince: 5, deadLetters: 6,
            dropped: ["diagnostic": 4, "health": 1]))
        #expect(status.uplinks == [StatusResponse.Uplink(name: "http", backlog: 2, delivered: 9, failures: 3,
                                                        lastAttempt: 11, lastSuccess: 10, lastResult: "HTTP 503")])
    }

    @Test func eventsKeepTheNewestAndSayWhenOlderWereLeftOut() {
        let stored = (1...4).map { number in
            let event = trainEvent(point: "east", number: number, end: Int64(number) * 1_000_000_000, axles: 8)
            return StoredEvent(seq: Int64(number), id: "e-\(number)", type: event.type, subject: event.subject,
                               time: event.time, eventClass: .train, data: event.data)
        }
        #expect(ControlAnswers.events(stored, limit: 3).trains.map(\.seq) == [2, 3, 4])
        #expect(ControlAnswers.events(stored, limit: 3).truncated)
        #expect(ControlAnswers.events(stored, limit: 4).trains.map(\.seq) == [1, 2, 3, 4])
        #expect(!ControlAnswers.events(stored, limit: 4).truncated)
    }
}

@Suite struct KernelClockTests {
    @Test func anUnsynchronisedClockSaysSoAndNothingMore() {
        #expect(KernelClock.interpret(result: TIME_ERROR, status: STA_UNSYNC, estimatedError: 16_000_000,
                                      maxError: 16_000_000, offset: 0) == .init(synchronised: .no))
        #expect(KernelClock.interpret(result: TIME_OK, status: STA_UNSYNC | STA_PLL, estimatedError: 1,
                                      maxError: 2, offset: 0) == .init(synchronised: .no))
    }

    @Test func aSynchronisedClockGivesItsErrorsInMicroseconds() {
        #expect(KernelClock.interpret(result: TIME_OK, status: STA_PLL, estimatedError: 250, maxError: 12_000,
                                      offset: -40) == .init(synchronised: .yes, estimatedErrorMicroseconds: 250,
                                                            maxErrorMicroseconds: 12_000, offsetMicroseconds: -40))
        // With STA_NANO the kernel gives the offset in nanoseconds.
        #expect(KernelClock.interpret(result: TIME_INS, status: STA_PLL | STA_NANO, estimatedError: 250,
                                      maxError: 12_000, offset: -40_000).offsetMicroseconds == -40)
    }

    @Test func thisMachinesClockCanBeRead() {
        // Whatever the answer, adjtimex in read-only mode needs no privilege.
        #expect(KernelClock.read().synchronised != .unknown)
    }
}
