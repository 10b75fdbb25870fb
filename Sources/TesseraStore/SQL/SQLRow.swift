/// One result row, read column by column in SELECT order.
public struct SQLRow: Sendable, Hashable {
    public var values: [SQLValue]

    public init(_ values: [SQLValue]) {
        self.values = values
    }

    public func text(_ index: Int) -> String? {
        switch values[index] {
        case .text(let value): return value
        case .int(let value): return String(value)
        case .double(let value): return String(value)
        case .null: return nil
        }
    }

    public func int(_ index: Int) -> Int64? {
        switch values[index] {
        case .int(let value): return value
        case .double(let value): return Int64(value)
        case .text(let value): return Int64(value)
        case .null: return nil
        }
    }

    /// A text column that the schema declares NOT NULL.
    public func string(_ index: Int) -> String { text(index) ?? "" }
}
