/// The little a catalog needs from a database: run statements in one transaction and return their rows.
public protocol SQLDatabase: Sendable {
    var dialect: SQLDialect { get }
    /// Runs the statements in one read-write transaction; all take effect or none does.
    @discardableResult
    func write(_ statements: [SQL]) async throws -> [[SQLRow]]
    /// Runs the queries against one consistent snapshot.
    func read(_ queries: [SQL]) async throws -> [[SQLRow]]
}

public enum SQLDialect: String, Sendable {
    case sqlite, postgres

    /// Statements that refresh the query planner's table statistics; SQLite samples (analysis_limit) so this
    /// stays quick on large catalogs.
    var refreshStatistics: [SQL] {
        switch self {
        case .sqlite: return ["PRAGMA analysis_limit = 1000", "ANALYZE"]
        case .postgres: return ["ANALYZE"]
        }
    }

    /// Whether the table exists, as a query returning one row with 1 or 0.
    func tableExists(_ table: String) -> SQL {
        switch self {
        case .sqlite: return "SELECT COUNT(*) FROM sqlite_master WHERE type = 'table' AND name = \(table)"
        case .postgres: return "SELECT COUNT(*) FROM information_schema.tables WHERE table_schema = current_schema() AND table_name = \(table)"
        }
    }
}
