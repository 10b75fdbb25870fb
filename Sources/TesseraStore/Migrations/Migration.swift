import Crypto
import Foundation
import TesseraCore

/// One forward-only schema change, applied in its own transaction and remembered with its checksum.
public struct Migration: Sendable, Hashable {
    public let version: Int
    public let name: String
    public let sql: String

    /// SHA-256 of the SQL text: an applied migration whose file was edited afterwards is refused.
    public var checksum: String {
        Digits.hex(SHA256.hash(data: Data(sql.utf8)))
    }
}

/// Why the schema cannot be used as it is.
public enum SchemaError: Error, CustomStringConvertible {
    case needsMigration(pending: [Int], command: String)
    case checksumMismatch(version: Int, name: String)
    case newerThanBinary(version: Int)

    public var description: String {
        switch self {
        case .needsMigration(let pending, let command):
            return "the catalog schema needs migration \(pending.map(String.init).joined(separator: ", ")); run `\(command)` first"
        case .checksumMismatch(let version, let name):
            return "migration \(version) (\(name)) was changed after it was applied; migrations are never edited once applied"
        case .newerThanBinary(let version):
            return "the catalog has migration \(version), which this tessera does not know; use a newer tessera"
        }
    }
}

/// Applies and checks migrations against one database.
public struct Migrator: Sendable {
    let database: SQLDatabase
    let migrations: [Migration]

    public init(database: SQLDatabase) {
        self.database = database
        self.migrations = Migration.embedded[database.dialect] ?? []
    }

    /// The versions still to apply, after checking that the applied ones are unchanged.
    public func pending() async throws -> [Migration] {
        let exists = try await database.read([database.dialect.tableExists("schema_migrations")])[0].first?.int(0) ?? 0
        guard exists > 0 else { return migrations }
        let rows = try await database.read(["SELECT version, checksum FROM schema_migrations ORDER BY version"])[0]
        var applied: [Int: String] = [:]
        for row in rows { applied[Int(row.int(0) ?? 0)] = row.string(1) }
        for (version, checksum) in applied {
            guard let migration = migrations.first(where: { $0.version == version }) else {
                throw SchemaError.newerThanBinary(version: version)
            }
            guard migration.checksum == checksum else {
                throw SchemaError.checksumMismatch(version: version, name: migration.name)
            }
        }
        return migrations.filter { applied[$0.version] == nil }
    }

    /// Throws unless the schema is fully migrated; `command` is what the user should run otherwise.
    public func verify(command: String) async throws {
        let pending = try await pending()
        guard pending.isEmpty else { throw SchemaError.needsMigration(pending: pending.map(\.version), command: command) }
    }

    /// Applies every pending migration, each in one transaction with its bookkeeping row.
    @discardableResult
    public func migrate() async throws -> [Migration] {
        try await database.write([SQL(stringLiteral: Self.bookkeeping)])
        let pending = try await pending()
        for migration in pending {
            let statements = SQLScript.statements(migration.sql).map { SQL(stringLiteral: $0) }
            let appliedAt = Date().ISO8601Format()
            try await database.write(statements + [
                "INSERT INTO schema_migrations (version, name, checksum, applied_at) VALUES (\(migration.version), \(migration.name), \(migration.checksum), \(appliedAt))",
            ])
        }
        return pending
    }

    /// The migrator's own table, the same on every backend.
    static let bookkeeping = """
        CREATE TABLE IF NOT EXISTS schema_migrations (
            version BIGINT PRIMARY KEY, name TEXT NOT NULL, checksum TEXT NOT NULL, applied_at TEXT NOT NULL
        )
        """
}
