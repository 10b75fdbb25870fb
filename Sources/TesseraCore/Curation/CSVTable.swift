/// An RFC 4180 table (comma separated, `"` quoting, LF or CRLF records) as IDR annotation files use it.
public struct CSVTable: Sendable {
    public var header: [String]
    /// Data records with their 1-based record number (the header is record 0).
    public var rows: [(number: Int, cells: [String])]
    /// Records whose cell count differs from the header's; reported, not guessed at.
    public var malformed: [(number: Int, reason: String)]

    public enum ParseError: Error, Equatable, CustomStringConvertible {
        case empty
        case unterminatedQuote(record: Int)

        public var description: String {
            switch self {
            case .empty: return "the table has no header row"
            case .unterminatedQuote(let record): return "record \(record) opens a quoted cell that never closes"
            }
        }
    }

    public static func parse(_ text: String) throws -> CSVTable {
        var records = try split(text)
        guard !records.isEmpty else { throw ParseError.empty }
        var header = records.removeFirst()
        if let first = header.first, first.hasPrefix("\u{FEFF}") { header[0] = String(first.dropFirst()) }
        var table = CSVTable(header: header, rows: [], malformed: [])
        for (offset, cells) in records.enumerated() where !(cells.count == 1 && cells[0].isEmpty) {
            if cells.count == header.count {
                table.rows.append((offset + 1, cells))
            } else {
                table.malformed.append((offset + 1, "has \(cells.count) cells, the header has \(header.count)"))
            }
        }
        return table
    }

    private static func split(_ text: String) throws -> [[String]] {
        let split = DelimitedRecords(text, separator: ",")
        if split.unterminatedQuote { throw ParseError.unterminatedQuote(record: split.records.count - 1) }
        return split.records
    }
}
