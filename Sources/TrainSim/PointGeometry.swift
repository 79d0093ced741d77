/// Geometry of one counting point, and the conventions of the whole module.
///
/// - The rail is an x axis in metres. Detector A's centre is at x = 0 and
///   detector B's centre at x = `spacing`.
/// - A detector is occupied while some wheel's contact point lies within
///   ±`zone`/2 of its centre. The zones overlap when `zone > spacing` (a wheel
///   gives `A1 B1 A0 B0`) and are apart when `zone < spacing` (`A1 A0 B1 B0`).
/// - Direction `AB` is travel towards +x, so A is reached first; `BA` is the
///   mirror image.
/// - Axles are at least ~1.4 m apart and zones at most 0.2 m long, so a zone
///   never holds two wheels: a detector's level is "some axle in its zone".
///
/// The simulator works in the *travel frame* u, where the train always moves
/// towards +u: u = x for `AB` and u = spacing − x for `BA`. The detector met
/// first (A for `AB`, B for `BA`) is the *near* one, centred at u = 0; the
/// other is the *far* one, centred at u = spacing. The point's centre is
/// u = x = spacing/2 in both frames.
struct PointGeometry: Sendable, Hashable {
    let spacing: Double
    let zone: Double

    init(spacing: Double, zone: Double) {
        precondition(spacing > 0 && zone > 0, "spacing and zone must be positive")
        self.spacing = spacing
        self.zone = zone
    }

    init(_ sensor: SensorModel) {
        self.init(spacing: sensor.spacing, zone: sensor.zone)
    }

    var centre: Double { spacing / 2 }
    var nearLow: Double { -zone / 2 }
    var nearHigh: Double { zone / 2 }
    var farLow: Double { spacing - zone / 2 }
    var farHigh: Double { spacing + zone / 2 }

    /// The boundaries whose crossings the simulator solves, indexed by
    /// `Boundary.rawValue`.
    var boundaries: [Double] { [nearLow, nearHigh, farLow, farHigh, centre] }

    enum Boundary: UInt8 {
        case nearLow, nearHigh, farLow, farHigh, centre
    }
}

/// Seconds of simulated time to integer nanoseconds.
func nanoseconds(_ seconds: Double) -> Int64 {
    Int64((seconds * 1e9).rounded())
}
