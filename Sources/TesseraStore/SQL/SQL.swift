/// A SQL statement with bind parameters. Values enter only through interpolation, which binds them;
/// `raw:` is for fixed fragments chosen from lists in code, never for input.
public struct SQL: Sendable, Hashable, ExpressibleByStringInterpolation {
    /// The text with `?` placeholders; backends with numbered placeholders renumber them.
    public private(set) var text: String
    public private(set) var binds: [SQLValue]

    public init(stringLiteral value: String) {
        text = value
        binds = []
    }

    init(text: String, binds: [SQLValue]) {
        self.text = text
        self.binds = binds
    }

    public init(stringInterpolation: Interpolation) {
        text = stringInterpolation.text
        binds = stringInterpolation.binds
    }

    public struct Interpolation: StringInterpolationProtocol {
        var text = ""
        var binds: [SQLValue] = []

        public init(literalCapacity: Int, interpolationCount: Int) {
            text.reserveCapacity(literalCapacity + interpolationCount * 2)
        }

        public mutating func appendLiteral(_ literal: String) { text += literal }

        public mutating func appendInterpolation(_ value: some SQLBindable) {
            text += "?"
            binds.append(value.sqlValue)
        }

        public mutating func appendInterpolation(_ value: (some SQLBindable)?) {
            text += "?"
            binds.append(value?.sqlValue ?? .null)
        }

        public mutating func appendInterpolation(_ fragment: SQL) {
            text += fragment.text
            binds += fragment.binds
        }

        public mutating func appendInterpolation(raw fragment: String) { text += fragment }
    }

    /// Joins fragments with a separator, keeping their binds in order.
    public static func join(_ parts: [SQL], separator: String) -> SQL {
        var result = SQL(stringLiteral: "")
        for (index, part) in parts.enumerated() {
            if index > 0 { result.text += separator }
            result.text += part.text
            result.binds += part.binds
        }
        return result
    }

    /// `text` with `?` placeholders renumbered `$1`, `$2`… (placeholders never occur inside literals here:
    /// every value is bound).
    var numberedText: String {
        var output = ""
        output.reserveCapacity(text.count + binds.count * 2)
        var number = 0
        for character in text {
            if character == "?" {
                number += 1
                output += "$\(number)"
            } else {
                output.append(character)
            }
        }
        return output
    }
}

public enum SQLValue: Sendable, Hashable {
    case null
    case int(Int64)
    case double(Double)
    case text(String)
}

public protocol SQLBindable {
    var sqlValue: SQLValue { get }
}

extension String: SQLBindable { public var sqlValue: SQLValue { .text(self) } }
extension Int64: SQLBindable { public var sqlValue: SQLValue { .int(self) } }
extension Int: SQLBindable { public var sqlValue: SQLValue { .int(Int64(self)) } }
extension Double: SQLBindable { public var sqlValue: SQLValue { .double(self) } }
extension SQLValue: SQLBindable { public var sqlValue: SQLValue { self } }

extension Optional where Wrapped: SQLBindable {
    var sqlValue: SQLValue { self?.sqlValue ?? .null }
}

extension SQL {
    /// INSERTs of `rowsPerStatement` rows each (capped so a statement stays under `maximumBinds` parameters), and
    /// the rows left over one per statement: every table gets just two statement texts, which backends prepare
    /// once and reuse, instead of one long text per row count.
    static func insert(into table: String, columns: [String], rows: [[SQLValue]], rowsPerStatement: Int = 64,
                       maximumBinds: Int = 30_000) -> [SQL] {
        guard !rows.isEmpty else { return [] }
        let head = "INSERT INTO \(table) (\(columns.joined(separator: ", "))) VALUES "
        let tuple = "(" + Array(repeating: "?", count: columns.count).joined(separator: ", ") + ")"
        let size = max(1, min(rowsPerStatement, maximumBinds / columns.count))
        let batchText = head + Array(repeating: tuple, count: size).joined(separator: ", ")
        let full = rows.count / size * size
        let batches = stride(from: 0, to: full, by: size).map { start in
            SQL(text: batchText, binds: rows[start..<start + size].flatMap { $0 })
        }
        return batches + rows[full...].map { SQL(text: head + tuple, binds: $0) }
    }

}
