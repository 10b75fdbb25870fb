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
        var records: [[String]] = []
        var record: [String] = []
        var cell = ""
        var quoted = false
        var iterator = text.unicodeScalars.makeIterator()
        var pending = iterator.next()
        while let scalar = pending {
            pending = iterator.next()
            if quoted {
                if scalar == "\"" {
                    if pending == "\"" { cell.unicodeScalars.append("\""); pending = iterator.next() } else { quoted = false }
                } else {
                    cell.unicodeScalars.append(scalar)
                }
                continue
            }
            switch scalar {
            case "\"" where cell.isEmpty: quoted = true
            case ",": record.append(cell); cell = ""
            case "\r" where pending == "\n": continue
            case "\n":
                record.append(cell); cell = ""
                records.append(record); record = []
            default: cell.unicodeScalars.append(scalar)
            }
        }
        if quoted { throw ParseError.unterminatedQuote(record: records.count) }
        if !cell.isEmpty || !record.isEmpty {
            record.append(cell)
            records.append(record)
        }
        return records
    }
}
