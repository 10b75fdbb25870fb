import Logging
import PostgresNIO

/// The production catalog: PostgreSQL through a PostgresNIO connection pool. The client must be running
/// (`PostgresClient.run()`) while the database is used; `CatalogDatabase.open` arranges that.
public struct PostgresDatabase: SQLDatabase {
    public let dialect = SQLDialect.postgres
    public let client: PostgresClient
    let logger: Logger

    public init(client: PostgresClient, logger: Logger) {
        self.client = client
        self.logger = logger
    }

    @discardableResult
    public func write(_ statements: [SQL]) async throws -> [[SQLRow]] {
        try await client.withTransaction(logger: logger) { connection in
            var results: [[SQLRow]] = []
            for statement in statements { results.append(try await run(statement, on: connection)) }
            return results
        }
    }

    public func read(_ queries: [SQL]) async throws -> [[SQLRow]] {
        try await client.withConnection { connection in
            guard queries.count > 1 else { return try await queries.asyncMap { try await run($0, on: connection) } }
            // Several queries answer one request: read them from one snapshot.
            _ = try await connection.query("START TRANSACTION ISOLATION LEVEL REPEATABLE READ READ ONLY", logger: logger)
            do {
                let results = try await queries.asyncMap { try await run($0, on: connection) }
                _ = try await connection.query("COMMIT", logger: logger)
                return results
            } catch {
                _ = try? await connection.query("ROLLBACK", logger: logger)
                throw error
            }
        }
    }

    private func run(_ sql: SQL, on connection: PostgresConnection) async throws -> [SQLRow] {
        var bindings = PostgresBindings(capacity: sql.binds.count)
        for value in sql.binds {
            switch value {
            case .null: bindings.appendNull()
            case .int(let number): bindings.append(number)
            case .double(let number): bindings.append(number)
            case .text(let text): bindings.append(text)
            }
        }
        let rows = try await connection.query(PostgresQuery(unsafeSQL: sql.numberedText, binds: bindings), logger: logger)
        var result: [SQLRow] = []
        for try await row in rows {
            result.append(SQLRow(try row.map(Self.value)))
        }
        return result
    }

    private static func value(_ cell: PostgresCell) throws -> SQLValue {
        guard cell.bytes != nil else { return .null }
        switch cell.dataType {
        case .int2, .int4, .int8: return .int(try cell.decode(Int64.self))
        case .float4, .float8: return .double(try cell.decode(Double.self))
        default: return .text(try cell.decode(String.self))
        }
    }
}

extension Array {
    /// Maps in order, one element at a time (statements on one connection must not overlap).
    func asyncMap<T>(_ transform: (Element) async throws -> T) async rethrows -> [T] {
        var results: [T] = []
        results.reserveCapacity(count)
        for element in self { results.append(try await transform(element)) }
        return results
    }
}
