/// Records of delimited text with spreadsheet quoting, as IDR's annotation tables (`,`) and study files (tab)
/// are written: a field that starts with `"` runs to the next lone `"` (`""` is a quote; separators and
/// newlines inside are kept), records end at LF or CR LF.
struct DelimitedRecords {
    var records: [[String]] = []
    /// Whether the text ended inside a quoted field; the record number is `records.count - 1`.
    var unterminatedQuote = false

    /// - Parameter skipsCommentLines: skip lines that start with `#` or `"#` whole (study-file comments).
    init(_ text: String, separator: Unicode.Scalar, skipsCommentLines: Bool = false) {
        var record: [String] = []
        var field = ""
        var quoted = false
        var atLineStart = true
        var scalars = text.unicodeScalars.makeIterator()
        var pending = scalars.next()
        while let scalar = pending {
            pending = scalars.next()
            if skipsCommentLines, atLineStart, scalar == "#" || (scalar == "\"" && pending == "#") {
                while let next = pending, next != "\n" { pending = scalars.next() }
                pending = scalars.next()
                continue
            }
            atLineStart = false
            if quoted {
                if scalar == "\"" {
                    if pending == "\"" { field.unicodeScalars.append("\""); pending = scalars.next() } else { quoted = false }
                } else {
                    field.unicodeScalars.append(scalar)
                }
                continue
            }
            switch scalar {
            case "\"" where field.isEmpty: quoted = true
            case separator: record.append(field); field = ""
            case "\r" where pending == "\n": continue
            case "\n":
                record.append(field)
                records.append(record)
                record = []
                field = ""
                atLineStart = true
            default: field.unicodeScalars.append(scalar)
            }
        }
        unterminatedQuote = quoted
        if !field.isEmpty || !record.isEmpty {
            record.append(field)
            records.append(record)
        }
    }
}
