@testable import PulsePlot
import Testing
@testable import WagonCore
import TrainSim  // SplitMix64: the same cases on every run

/// Diagrams of hand-placed edges: every expected character follows from
/// where the edges were put (10 ms per column unless said otherwise).
@Suite struct TimingDiagramTests {
    static let second: Nanoseconds = 1_000_000_000
    static let ms: Nanoseconds = 1_000_000
    /// 100 ms from t = 1 s.
    static let window = second..<(second + 100 * ms)

    func diagram(_ edges: [(Nanoseconds, Side, Bool)], events: [WagonEvent] = []) -> TimingDiagram {
        var diagram = TimingDiagram(window: Self.window, rows: [
            .init(detector: Detector(point: 0, side: .a), name: "A"),
            .init(detector: Detector(point: 0, side: .b), name: "B"),
        ])
        for (time, side, occupied) in edges { diagram.add(Edge(time: time, detector: Detector(point: 0, side: side), occupied: occupied)) }
        for event in events { diagram.add(event) }
        return diagram
    }

    /// `ms` milliseconds into the window.
    func at(_ ms: Double) -> Nanoseconds { Self.second + Nanoseconds(ms * 1_000_000) }

    @Test func fullAndPartlyOccupiedColumnsFollowTheEdges() {
        // A: 20-50 ms fills columns 2-4. B: 35-65 ms fills 4-5 and half of 3 and 6.
        let lines = diagram([(at(20), .a, true), (at(35), .b, true), (at(50), .a, false), (at(65), .b, false)])
            .text(width: 18)
        // Labels take 8 columns: the longest row name ("health") and two spaces.
        #expect(lines[0] == "A       ▁▁███▁▁▁▁▁")
        #expect(lines[1] == "B       ▁▁▁▅██▅▁▁▁")
        #expect(lines[2] == "axles             ")
    }

    @Test func aLevelSetBeforeTheWindowCarriesIntoIt() {
        // A occupied since 0.5 s until 30 ms into the window; edges after the window are ignored.
        let lines = diagram([(Self.second / 2, .a, true), (at(30), .a, false), (at(150), .a, true)]).text(width: 18)
        #expect(lines[0] == "A       ███▁▁▁▁▁▁▁")
    }

    @Test func threeChangesInOneColumnShowAsChanging() {
        let lines = diagram([(at(71), .b, true), (at(72), .b, false), (at(73), .b, true), (at(79), .b, false)])
            .text(width: 18, glyphs: .ascii)
        #expect(lines[1] == "B       _______%__")
        // Two changes (one short pulse) are a partly occupied column, not lost.
        let pulse = diagram([(at(71), .b, true), (at(72), .b, false)]).text(width: 18, glyphs: .ascii)
        #expect(pulse[1] == "B       _______=__")
    }

    @Test func axlesShowTheirDirectionOrHowManyShareAColumn() {
        let axles: [WagonEvent] = [
            .axle(AxlePassage(point: 0, direction: .ab, time: at(15), speed: 10)),
            .axle(AxlePassage(point: 0, direction: .ba, time: at(45), speed: 10)),
            .axle(AxlePassage(point: 0, direction: nil, time: at(55), speed: 10)),
            .axle(AxlePassage(point: 0, direction: .ab, time: at(81), speed: 10)),
            .axle(AxlePassage(point: 0, direction: .ab, time: at(89), speed: 10)),
            .axle(AxlePassage(point: 0, direction: .ab, time: at(120), speed: 10)),  // after the window
        ]
        let lines = diagram([], events: axles).text(width: 18)
        // Columns 1 (>), 4 (<), 5 (?) and 8 (two axles); the sixth is after the window.
        #expect(lines[2] == "axles   " + " >  <?  2 ")
    }

    @Test func trainsAreBracketedWhereTheyStartAndEndInTheWindow() {
        let inside = TrainStart(point: 0, number: 2, time: at(30), direction: .ab)
        var report = TrainReport(point: 0, number: 2, direction: .ab, axles: 4, vehicles: [], start: at(30), end: at(72),
                                 speedAverage: 36, speedMinimum: 36, speedMaximum: 36, length: 10, axlePositions: [],
                                 confidence: 1, flags: [])
        let lines = diagram([], events: [.trainStarted(inside), .trainCompleted(report)]).text(width: 18)
        #expect(lines[3] == "trains     [===]  ")
        // Still open at the window's end: it runs off the edge.
        let open = diagram([], events: [.trainStarted(inside)]).text(width: 18)
        #expect(open[3] == "trains     [======")
        // One column long: where it began.
        report.end = at(31)
        let short = diagram([], events: [.trainStarted(inside), .trainCompleted(report)]).text(width: 18)
        #expect(short[3] == "trains     [      ")
        // Completed before the window: not drawn at all.
        report.start = Self.second / 4
        report.end = Self.second / 2
        let before = diagram([], events: [.trainStarted(TrainStart(point: 0, number: 2, time: report.start, direction: .ab)),
                                          .trainCompleted(report)])
        #expect(before.trains.isEmpty)
    }

    @Test func healthEventsAreMarkedAndListed() {
        let spike = HealthEvent(detector: Detector(point: 0, side: .b), time: at(42.5), kind: .chattering(spikes: 9))
        let lines = diagram([], events: [.health(spike)]).text(width: 18)
        #expect(lines[3] == "health      !     ")
        #expect(lines.last == "health  +42.5 ms  B  chattering")
    }

    @Test func aLongChannelNameIsCutAndTheDiagramKeepsItsWidth() {
        let point = String(repeating: "sidings-north-", count: 5)
        var diagram = TimingDiagram(window: Self.window, rows: [.init(detector: Detector(point: 0, side: .a), name: point + ".A"),
                                                                .init(detector: Detector(point: 0, side: .b), name: point + ".B")])
        diagram.add(Edge(time: at(50), detector: Detector(point: 0, side: .a), occupied: true))
        let lines = diagram.text(width: 40)
        // A third of 40 for the label (13 columns: 12 of the name, cut in its
        // middle so .A and .B stay apart, and a space), 27 for the diagram:
        // 50 ms is 13.5 of them, so the 14th is half occupied.
        #expect(lines[0] == "sidings-n~.A " + String(repeating: "▁", count: 13) + "▅" + String(repeating: "█", count: 13))
        #expect(lines[1].hasPrefix("sidings-n~.B "))
        #expect(lines.prefix(4).allSatisfy { $0.count == 40 })
        #expect(diagram.svg(width: TimingDiagram.narrowestSVG, title: "narrow").contains(">sidings-n~.A<title>\(point).A</title>"))
    }

    @Test func theAxisIsLabelledAtRoundTimesSinceTheWindowsStart() {
        // 100 columns of 1 ms: a tick every 10 ms (at least 10 columns apart).
        let lines = diagram([]).text(width: 108)
        let ticks = lines[3], labels = lines[4]
        #expect(ticks == "        " + String(repeating: "|         ", count: 10))
        #expect(labels.hasPrefix("        0         10 ms     20 ms     30 ms"))
    }

    @Test func anyEdgesAndWidthGiveLinesOfExactlyThatWidth() {
        var random = SplitMix64(seed: 0x9107)
        for _ in 0..<300 {
            let start = Nanoseconds(random.next() % 1_000_000_000_000)
            let span = 1 + Nanoseconds(random.next() % 10_000_000_000)
            var diagram = TimingDiagram(window: start..<(start + span), rows: [
                .init(detector: Detector(point: 0, side: .a), name: "A"), .init(detector: Detector(point: 0, side: .b), name: "B"),
            ])
            var time = start - Nanoseconds(random.next() % 1_000_000_000)
            for _ in 0..<Int(random.next() % 400) {
                time += Nanoseconds(random.next() % UInt64(span / 100 + 1))
                let detector = Detector(point: 0, side: random.next() % 2 == 0 ? .a : .b)
                diagram.add(Edge(time: max(0, time), detector: detector, occupied: random.next() % 2 == 0))
                if random.next() % 8 == 0 {
                    diagram.add(.axle(AxlePassage(point: 0, direction: random.next() % 3 == 0 ? nil : .ab, time: time, speed: 5)))
                }
            }
            let width = 18 + Int(random.next() % 300)
            let lines = diagram.text(width: width, glyphs: random.next() % 2 == 0 ? .blocks : .ascii)
            // Rows, axles and the two axis lines are the width exactly; the legend and the list follow.
            #expect(lines.prefix(4).allSatisfy { $0.count == width }, "width \(width)")
            #expect(diagram.svg(width: 210 + Int(random.next() % 2000), title: "t").hasSuffix("</svg>\n"))
        }
    }

    @Test func roundNumbersAreWrittenShort() {
        #expect(TimeAxis.decimal(1_500_000_000, per: 1_000_000_000) == "1.5")
        #expect(TimeAxis.decimal(250_000_000, per: 1_000_000_000) == "0.25")
        #expect(TimeAxis.decimal(1_000_499, per: 1_000_000) == "1")
        #expect(TimeAxis.decimal(1_999_600, per: 1_000_000) == "2")
        #expect(TimeAxis.decimal(42_500_000, per: 1_000_000) == "42.5")
        #expect(TimeAxis(span: 100 * Self.ms, count: 100, minimumColumns: 10).step == 10 * Self.ms)
        #expect(TimeAxis(span: 100 * Self.ms, count: 100, minimumColumns: 15).step == 20 * Self.ms)
        #expect(TimeAxis(span: 100 * Self.ms, count: 100, minimumColumns: 30).step == 50 * Self.ms)
    }

    @Test func theSVGDrawsEachLevelFromItsExactEdges() {
        let axles: [WagonEvent] = [
            .axle(AxlePassage(point: 0, direction: .ab, time: at(40), speed: 10)),
            .axle(AxlePassage(point: 0, direction: .ba, time: at(60), speed: 12.5)),
        ]
        // 1100 px for 100 ms beside a 90 px label column: 11 px per ms.
        let svg = diagram([(at(20), .a, true), (at(50), .a, false)], events: axles).svg(width: 1210, title: "a <test> & more")
        #expect(svg.hasPrefix("<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"1210\""))
        #expect(svg.hasSuffix("</svg>\n"))
        #expect(svg.contains("<title>a &lt;test&gt; &amp; more</title>"))
        #expect(svg.contains(" H310 V") && svg.contains(" H640 V") && svg.contains(" H1190\""))
        #expect(svg.components(of: "class=\"axle-ab\"") == 1)
        #expect(svg.components(of: "class=\"axle-ba\"") == 1)
        #expect(svg.contains("<title>axle BA 45 km/h</title>"))
    }
}

extension String {
    func components(of needle: String) -> Int {
        var count = 0
        var rest = self[...]
        while let found = rest.firstRange(of: needle) {
            count += 1
            rest = rest[found.upperBound...]
        }
        return count
    }
}
