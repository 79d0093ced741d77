import WagonCore

extension TimingDiagram {
    /// What one column of a row shows: how much of its time the detector
    /// was occupied, and how often the level changed inside it.
    struct Column: Equatable {
        var occupied: Double = 0
        var changes = 0
    }

    /// The window cut into `count` equal columns.
    struct Grid {
        let start: Nanoseconds
        let span: Double
        let count: Int

        init(window: Range<Nanoseconds>, count: Int) {
            start = window.lowerBound
            span = Double(window.upperBound - window.lowerBound)
            self.count = count
        }

        /// Where `time` lies, in columns from the window's start (fractional).
        func position(_ time: Nanoseconds) -> Double {
            Double(time - start) / span * Double(count)
        }

        /// The column `time` falls in.
        func column(_ time: Nanoseconds) -> Int {
            min(count - 1, max(0, Int(position(time))))
        }
    }

    /// The row summed up per column of `grid`.
    func columns(of row: Row, grid: Grid) -> [Column] {
        var columns = [Column](repeating: Column(), count: grid.count)
        var occupied = row.initiallyOccupied
        var from = 0.0
        func fill(to end: Double) {
            guard occupied, end > from else { return }
            var column = Int(from)
            while column < grid.count && Double(column) < end {
                let overlap = min(end, Double(column + 1)) - max(from, Double(column))
                columns[column].occupied += overlap
                column += 1
            }
        }
        for change in row.changes where change.occupied != occupied {
            let at = grid.position(change.time)
            fill(to: at)
            columns[grid.column(change.time)].changes += 1
            occupied = change.occupied
            from = at
        }
        fill(to: Double(grid.count))
        for index in columns.indices { columns[index].occupied = min(1, columns[index].occupied) }
        return columns
    }
}
