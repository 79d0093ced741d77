/// A plain aligned table: two spaces between columns, numbers to the right,
/// the last column never padded (it may run long: results, data).
struct QueueTable {
    enum Alignment { case left, right }

    var headers: [String]
    var alignments: [Alignment]
    var rows: [[String]] = []

    init(_ columns: [(header: String, alignment: Alignment)]) {
        headers = columns.map(\.header)
        alignments = columns.map(\.alignment)
    }

    mutating func add(_ row: [String]) {
        precondition(row.count == headers.count, "a table row needs one cell per column")
        rows.append(row)
    }

    /// Column widths, without the last column.
    var widths: [Int] {
        headers.indices.dropLast().map { column in
            rows.reduce(headers[column].count) { max($0, $1[column].count) }
        }
    }

    /// Characters before the last column starts.
    var leadingWidth: Int { widths.reduce(0) { $0 + $1 + 2 } }

    var lines: [String] {
        let widths = widths
        return ([headers] + rows).map { cells in
            cells.enumerated().map { column, cell in
                guard column < widths.count else { return cell }
                let fill = String(repeating: " ", count: widths[column] - cell.count)
                return alignments[column] == .right ? fill + cell : cell + fill
            }.joined(separator: "  ")
        }
    }
}
