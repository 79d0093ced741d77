import WagonCore

/// Hand-written edges for decoder tests: `"A1@0 B1@10 A0@20 B0@30"`, times in
/// milliseconds (decimals allowed), relative to a fixed epoch.
func edges(_ script: String, epoch: Nanoseconds = 1_700_000_000_000_000_000) -> [Edge] {
    script.split(separator: " ").map { token in
        let parts = token.split(separator: "@")
        let name = parts[0]
        let side: Side = name.hasPrefix("A") ? .a : .b
        let occupied = name.hasSuffix("1")
        let ms = Double(parts[1])!
        return Edge(time: epoch + Nanoseconds((ms * 1_000_000).rounded()), side, occupied: occupied)
    }
}

extension Nanoseconds {
    static func ms(_ value: Double) -> Nanoseconds { Nanoseconds((value * 1_000_000).rounded()) }
    static func seconds(_ value: Double) -> Nanoseconds { Nanoseconds((value * 1e9).rounded()) }
}

/// Runs edges through a fresh counter, then closes everything.
func run(_ edges: [Edge], settings: CountingPointSettings = CountingPointSettings(), finish: Bool = true) -> [WagonEvent] {
    var counter = WagonCounter(defaultSettings: settings)
    counter.process(edges)
    if finish { counter.finish() }
    return counter.takeEvents()
}

extension Array where Element == WagonEvent {
    var axles: [AxlePassage] { compactMap { if case .axle(let a) = $0 { a } else { nil } } }
    var trains: [TrainReport] { compactMap { if case .trainCompleted(let t) = $0 { t } else { nil } } }
    var starts: [TrainStart] { compactMap { if case .trainStarted(let s) = $0 { s } else { nil } } }
    var health: [HealthEvent] { compactMap { if case .health(let h) = $0 { h } else { nil } } }
    func health(named name: String) -> [HealthEvent] { health.filter { $0.name == name } }
}

