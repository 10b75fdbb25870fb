import GRDB

/// The embedded catalog: one SQLite file in WAL mode, a serialised writer and a pool of concurrent readers.
public struct SQLiteDatabase: SQLDatabase {
    public let dialect = SQLDialect.sqlite
    let pool: DatabasePool

    public init(path: String) throws {
        var configuration = Configuration()
        // A crawl commit and a reader may meet on the WAL checkpoint; wait instead of failing.
        configuration.busyMode = .timeout(10)
        pool = try DatabasePool(path: path, configuration: configuration)
    }

    @discardableResult
    public func write(_ statements: [SQL]) async throws -> [[SQLRow]] {
        try await pool.write { db in try statements.map { try Self.run($0, in: db) } }
    }

    public func read(_ queries: [SQL]) async throws -> [[SQLRow]] {
        try await pool.read { db in try queries.map { try Self.run($0, in: db) } }
    }

    private static func run(_ sql: SQL, in db: Database) throws -> [SQLRow] {
        let statement = try db.cachedStatement(sql: sql.text)
        let arguments = StatementArguments(sql.binds.map(databaseValue))
        guard statement.columnCount > 0 else {
            try statement.execute(arguments: arguments)
            return []
        }
        let cursor = try Row.fetchCursor(statement, arguments: arguments)
        var rows: [SQLRow] = []
        while let row = try cursor.next() {
            rows.append(SQLRow((0..<row.count).map { sqlValue(row[$0] as DatabaseValue) }))
        }
        return rows
    }

    private static func databaseValue(_ value: SQLValue) -> DatabaseValue {
        switch value {
        case .null: return .null
        case .int(let number): return number.databaseValue
        case .double(let number): return number.databaseValue
        case .text(let text): return text.databaseValue
        }
    }

    private static func sqlValue(_ value: DatabaseValue) -> SQLValue {
        switch value.storage {
        case .null: return .null
        case .int64(let number): return .int(number)
        case .double(let number): return .double(number)
        case .string(let text): return .text(text)
        case .blob(let data): return .text(String(decoding: data, as: UTF8.self))
        }
    }
}
