import GRDB
import GRDBSQLite

/// The embedded catalog: one SQLite file in WAL mode, a serialised writer and a pool of concurrent readers.
public struct SQLiteDatabase: SQLDatabase {
    public let dialect = SQLDialect.sqlite
    let pool: DatabasePool

    public init(path: String) throws {
        var configuration = Configuration()
        // A crawl commit and a reader may meet on the WAL checkpoint; wait instead of failing.
        configuration.busyMode = .timeout(10)
        configuration.prepareDatabase { db in
            // Statement journals (a study's multi-row inserts each keep one) stay in memory: on disk they were
            // nearly half the bytes a crawl wrote (464 MB beside 518 MB for the WAL and the catalog file).
            try db.execute(sql: "PRAGMA temp_store = MEMORY")
        }
        pool = try DatabasePool(path: path, configuration: configuration)
    }

    @discardableResult
    public func write(_ statements: [SQL]) async throws -> [[SQLRow]] {
        try await pool.write { db in try statements.map { try Self.run($0, in: db) } }
    }

    public func read(_ queries: [SQL]) async throws -> [[SQLRow]] {
        try await pool.read { db in try queries.map { try Self.run($0, in: db) } }
    }

    /// Binds and steps GRDB's cached statement through SQLite's own interface: GRDB's statement arguments box
    /// every value, which cost as much CPU as SQLite's own work when a crawl writes a study.
    private static func run(_ sql: SQL, in db: Database) throws -> [SQLRow] {
        let statement = try db.cachedStatement(sql: sql.text)
        let handle = statement.sqliteStatement
        sqlite3_reset(handle)
        sqlite3_clear_bindings(handle)
        for (index, value) in zip(Int32(1)..., sql.binds) {
            switch value {
            case .null: sqlite3_bind_null(handle, index)
            case .int(let number): sqlite3_bind_int64(handle, index, number)
            case .double(let number): sqlite3_bind_double(handle, index, number)
            case .text(let text): sqlite3_bind_text(handle, index, text, -1, transient)
            }
        }
        defer { sqlite3_reset(handle) }
        var rows: [SQLRow] = []
        while true {
            switch sqlite3_step(handle) {
            case SQLITE_ROW: rows.append(SQLRow((0..<sqlite3_column_count(handle)).map { column(handle, $0) }))
            case SQLITE_DONE: return rows
            case let code:
                throw DatabaseError(resultCode: ResultCode(rawValue: code), message: String(cString: sqlite3_errmsg(db.sqliteConnection)), sql: sql.text)
            }
        }
    }

    /// SQLite copies bound text before the call returns (the Swift string's buffer may not outlive it).
    private static let transient = unsafeBitCast(-1, to: sqlite3_destructor_type.self)

    private static func column(_ handle: OpaquePointer, _ index: Int32) -> SQLValue {
        switch sqlite3_column_type(handle, index) {
        case SQLITE_NULL: .null
        case SQLITE_INTEGER: .int(sqlite3_column_int64(handle, index))
        case SQLITE_FLOAT: .double(sqlite3_column_double(handle, index))
        default:
            // Text and blobs alike (blobs are only ever UTF-8 here): the bytes as SQLite holds them.
            if let bytes = sqlite3_column_text(handle, index) {
                .text(String(decoding: UnsafeBufferPointer(start: bytes, count: Int(sqlite3_column_bytes(handle, index))), as: UTF8.self))
            } else { .text("") }
        }
    }
}
