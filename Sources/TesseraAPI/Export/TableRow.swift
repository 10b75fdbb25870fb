import Foundation
import NIOCore

/// An item that can be a row of a CSV or TSV export: the same columns for every item of its kind.
protocol TableRow: Encodable {
    static var columns: [String] { get }
    /// One cell per column; nil is an empty cell. Lists and objects are JSON text.
    var cells: [String?] { get }
}

/// CSV (RFC 4180) and TSV rows, written so a spreadsheet shows values and never runs them: a cell that starts
/// with `=`, `+`, `-`, `@`, a tab or a carriage return is prefixed with `'` (OWASP's advice on CSV injection).
enum TableText {
    static func write(_ cells: [String?], separator: UInt8, to buffer: inout ByteBuffer) {
        for (position, cell) in cells.enumerated() {
            if position > 0 { buffer.writeInteger(separator) }
            guard var text = cell else { continue }
            if let first = text.utf8.first, [UInt8(ascii: "="), UInt8(ascii: "+"), UInt8(ascii: "-"), UInt8(ascii: "@"), 0x09, 0x0D].contains(first) {
                text = "'" + text
            }
            if separator == UInt8(ascii: "\t") {
                // TSV has no quoting: tabs and line breaks inside a value become spaces.
                buffer.writeString(text.replacingOccurrences(of: "\t", with: " ").replacingOccurrences(of: "\r\n", with: " ")
                    .replacingOccurrences(of: "\n", with: " ").replacingOccurrences(of: "\r", with: " "))
            } else if text.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }) {
                buffer.writeString("\"" + text.replacingOccurrences(of: "\"", with: "\"\"") + "\"")
            } else {
                buffer.writeString(text)
            }
        }
        buffer.writeString(separator == UInt8(ascii: "\t") ? "\n" : "\r\n")
    }

    /// A list or object cell: compact JSON.
    static func json<T: Encodable>(_ value: T?) -> String? {
        guard let value, let data = try? WireJSON.encode(value) else { return nil }
        return String(decoding: data, as: UTF8.self)
    }
}
