import WagonCore

extension TimingDiagram {
    /// The characters a text diagram is drawn with.
    public struct Glyphs: Sendable {
        let free: Character
        let occupied: Character
        /// Partly occupied columns, least to most.
        let partly: [Character]
        /// A column in which the level changed three times or more.
        let changing: Character

        /// Block elements, for a UTF-8 terminal.
        public static let blocks = Glyphs(free: "▁", occupied: "█", partly: Array("▂▃▄▅▆▇"), changing: "▒")
        /// Plain ASCII, for logs and old terminals.
        public static let ascii = Glyphs(free: "_", occupied: "#", partly: ["="], changing: "%")

        func glyph(_ column: Column) -> Character {
            if column.changes >= 3 { return changing }
            if column.occupied <= 0 { return free }
            if column.occupied >= 1 { return occupied }
            let index = Int(column.occupied * Double(partly.count))
            return partly[min(partly.count - 1, index)]
        }

        /// One line that says what the characters mean.
        var legend: String {
            "\(free) free \(occupied) occupied \(partly.first!)\(partly.count > 1 ? "-\(partly.last!)" : "") partly "
                + "\(changing) 3+ changes | > < axle AB, BA  ? no direction  2-9 axles in a column | [==] train  ! health"
        }
    }

    /// The diagram as lines of text, `width` characters wide with the row
    /// names: one line per detector, then the axles, trains and health
    /// events decided in the window, a time axis, a legend, and the health
    /// events listed (at most `listedHealth`).
    public func text(width: Int, glyphs: Glyphs = .blocks, listedHealth: Int = 20) -> [String] {
        precondition(width >= 18, "a text diagram needs at least 18 columns")
        let names = rows.map(\.name) + ["axles", "trains", "health"]
        // Long channel names (a point's name is the log's to choose) are
        // cut so that the diagram keeps two thirds of the width (and at
        // least 10 columns).
        let labelWidth = min((names.map(\.count).max() ?? 0) + 2, max(8, width / 3))
        let grid = Grid(window: window, count: width - labelWidth)
        func line(_ name: String, _ cells: [Character]) -> String {
            let label = Self.shortened(name, to: labelWidth - 1)
            return label + String(repeating: " ", count: labelWidth - label.count) + String(cells)
        }

        var lines = rows.map { row in line(row.name, columns(of: row, grid: grid).map(glyphs.glyph)) }
        lines.append(line("axles", axleCells(grid)))
        if !trains.isEmpty { lines.append(line("trains", trainCells(grid))) }
        if !health.isEmpty {
            var cells = [Character](repeating: " ", count: grid.count)
            for event in health { cells[grid.column(event.time)] = "!" }
            lines.append(line("health", cells))
        }
        let axis = TimeAxis(span: window.upperBound - window.lowerBound, count: grid.count, minimumColumns: 10)
        var ticks = [Character](repeating: " ", count: grid.count)
        var labels = [Character](repeating: " ", count: grid.count)
        var free = 0
        for tick in axis.ticks(in: window) {
            let column = grid.column(tick)
            ticks[column] = "|"
            let label = Array(axis.label(tick - window.lowerBound))
            guard column >= free, column + label.count <= grid.count else { continue }
            labels.replaceSubrange(column..<column + label.count, with: label)
            free = column + label.count + 1
        }
        lines.append(line("", ticks))
        lines.append(line("", labels))
        lines.append(glyphs.legend)
        for event in health.prefix(listedHealth) {
            lines.append("health  +\(TimeAxis.decimal(event.time - window.lowerBound, per: 1_000_000)) ms  "
                         + "\(rows.first { $0.detector == event.detector }?.name ?? "?")  \(event.name)")
        }
        if health.count > listedHealth { lines.append("health  ... \(health.count - listedHealth) more in the window") }
        return lines
    }

    private func axleCells(_ grid: Grid) -> [Character] {
        var counts = [Int](repeating: 0, count: grid.count)
        var directions = [Direction?](repeating: nil, count: grid.count)
        for axle in axles {
            let column = grid.column(axle.time)
            counts[column] += 1
            directions[column] = axle.direction
        }
        return zip(counts, directions).map { count, direction in
            switch count {
            case 0: " "
            case 1: direction == .ab ? ">" : direction == .ba ? "<" : "?"
            case 2...9: Character(String(count))
            default: "+"
            }
        }
    }

    private func trainCells(_ grid: Grid) -> [Character] {
        var cells = [Character](repeating: " ", count: grid.count)
        for train in trains {
            let first = grid.column(train.start)
            let last = grid.column(min(train.end ?? window.upperBound, window.upperBound - 1))
            for column in first...max(first, last) { cells[column] = "=" }
            if let end = train.end, end < window.upperBound { cells[last] = "]" }
            // A train of one column shows where it began.
            if train.start >= window.lowerBound { cells[first] = "[" }
        }
        return cells
    }

    /// `name` in at most `width` characters: cut in the middle, so that a
    /// channel's `.A` or `.B` stays readable (`east-sidi~.A`).
    static func shortened(_ name: String, to width: Int) -> String {
        guard name.count > width else { return name }
        guard width > 4 else { return String(name.prefix(width)) }
        return name.prefix(width - 3) + "~" + name.suffix(2)
    }
}
