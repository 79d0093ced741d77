import WagonCore

extension TimingDiagram {
    /// The diagram as a standalone SVG document, `width` pixels wide: each
    /// row's level drawn from its exact edges, an axle marker (pointing in
    /// its direction, its speed in km/h above) at each axle, a band per
    /// train, a red dot per health event (its name as tooltip), and a time
    /// axis. `title` goes in the document's title and heading.
    public func svg(width: Int = 1200, title: String) -> String {
        let left = 90.0, right = 20.0, rowHeight = 34.0, level = 22.0
        let plotWidth = Double(width) - left - right
        precondition(width >= Self.narrowestSVG, "an SVG diagram needs at least \(Self.narrowestSVG) pixels")
        let grid = Grid(window: window, count: Int(plotWidth))
        func x(_ time: Nanoseconds) -> Double { left + min(max(grid.position(time), 0), plotWidth) }
        let top = 40.0
        let axlesY = top + Double(rows.count) * rowHeight + 18
        let trainsY = axlesY + 22
        let axisY = trainsY + 24
        let height = axisY + 40

        var svg = """
            <svg xmlns="http://www.w3.org/2000/svg" width="\(width)" height="\(Self.number(height))" \
            viewBox="0 0 \(width) \(Self.number(height))" font-family="sans-serif" font-size="12">
            <title>\(Self.escaped(title))</title>
            <style>.level{fill:none;stroke:#1f4e8c;stroke-width:1.5}.axle-ab{fill:#2a7d2a}.axle-ba{fill:#b0601a}\
            .axle-unknown{fill:#777}.train{fill:#1f4e8c;fill-opacity:.12}.health{fill:#c0282d}\
            .tick{stroke:#999;stroke-width:1}.grid{stroke:#ddd;stroke-width:1}</style>
            <text x="\(Self.number(left))" y="20" font-size="14">\(Self.escaped(title))</text>

            """
        let axis = TimeAxis(span: window.upperBound - window.lowerBound, count: grid.count, minimumColumns: 80)
        for tick in axis.ticks(in: window) {
            let at = Self.number(x(tick))
            svg += "<line class=\"grid\" x1=\"\(at)\" y1=\"\(Self.number(top))\" x2=\"\(at)\" y2=\"\(Self.number(axisY))\"/>\n"
            svg += "<text x=\"\(at)\" y=\"\(Self.number(axisY + 16))\" text-anchor=\"middle\">"
                + "\(axis.label(tick - window.lowerBound))</text>\n"
        }
        for (index, row) in rows.enumerated() {
            let base = top + Double(index + 1) * rowHeight - 8
            let high = base - level
            // The label column holds about 12 characters; the whole name is the tooltip.
            svg += "<text x=\"8\" y=\"\(Self.number(base - 4))\">\(Self.escaped(Self.shortened(row.name, to: 12)))"
                + "<title>\(Self.escaped(row.name))</title></text>\n"
            var occupied = row.initiallyOccupied
            var path = "M\(Self.number(left)) \(Self.number(occupied ? high : base))"
            for change in row.changes where change.occupied != occupied {
                occupied = change.occupied
                path += " H\(Self.number(x(change.time))) V\(Self.number(occupied ? high : base))"
            }
            path += " H\(Self.number(left + plotWidth))"
            svg += "<path class=\"level\" d=\"\(path)\"/>\n"
        }
        svg += "<text x=\"8\" y=\"\(Self.number(axlesY + 4))\">axles</text>\n"
        for axle in axles {
            let at = x(axle.time)
            let (kind, shape) = switch axle.direction {
            case .ab: ("axle-ab", "M\(Self.number(at - 5)) \(Self.number(axlesY - 6)) l10 6 l-10 6 z")
            case .ba: ("axle-ba", "M\(Self.number(at + 5)) \(Self.number(axlesY - 6)) l-10 6 l10 6 z")
            case nil: ("axle-unknown", "M\(Self.number(at - 5)) \(Self.number(axlesY - 5)) h10 v10 h-10 z")
            }
            let kmh = Self.number(axle.speed * 3.6)
            svg += "<path class=\"\(kind)\" d=\"\(shape)\"><title>axle \(axle.direction?.rawValue ?? "?") "
                + "\(kmh) km/h</title></path>\n"
        }
        if !trains.isEmpty { svg += "<text x=\"8\" y=\"\(Self.number(trainsY + 4))\">trains</text>\n" }
        for train in trains {
            let from = x(train.start), to = x(train.end ?? window.upperBound)
            var label = "train \(train.number)"
            if let direction = train.direction { label += " " + direction.rawValue }
            if let axles = train.axles { label += ", \(axles) axles" }
            svg += "<rect class=\"train\" x=\"\(Self.number(from))\" y=\"\(Self.number(trainsY - 8))\" "
                + "width=\"\(Self.number(max(1, to - from)))\" height=\"16\"><title>\(label)</title></rect>\n"
        }
        for event in health {
            let row = rows.firstIndex { $0.detector == event.detector } ?? 0
            svg += "<circle class=\"health\" cx=\"\(Self.number(x(event.time)))\" "
                + "cy=\"\(Self.number(top + Double(row) * rowHeight + 6))\" r=\"4\"><title>"
                + "\(Self.escaped(rows[row].name)) \(event.name)</title></circle>\n"
        }
        svg += "<line class=\"tick\" x1=\"\(Self.number(left))\" y1=\"\(Self.number(axisY))\" "
            + "x2=\"\(Self.number(left + plotWidth))\" y2=\"\(Self.number(axisY))\"/>\n"
        return svg + "</svg>\n"
    }

    /// The narrowest SVG drawn: the labels' 90 pixels, the margin's 20 and
    /// a hundred for the diagram.
    public static let narrowestSVG = 210

    /// A coordinate with at most two decimals, as SVG reads it.
    static func number(_ value: Double) -> String {
        let hundredths = Int((value * 100).rounded())
        let sign = hundredths < 0 ? "-" : ""
        let magnitude = abs(hundredths)
        let fraction = magnitude % 100
        if fraction == 0 { return sign + String(magnitude / 100) }
        return sign + String(magnitude / 100) + "." + (fraction < 10 ? "0" : "") + String(fraction)
    }

    static func escaped(_ text: String) -> String {
        var out = ""
        for character in text {
            switch character {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            default: out.append(character)
            }
        }
        return out
    }
}
