import Foundation
import Logging
import PostgresNIO
import TesseraStore

/// A catalog backend the shared suites run against: SQLite always, PostgreSQL when the test script started one.
public enum TestBackend: String, Sendable, CaseIterable, CustomStringConvertible {
    case sqlite, postgres

    /// Set by scripts/test to the throwaway cluster: `postgres://user@127.0.0.1:PORT/db?sslmode=disable`.
    public static let postgresURLVariable = "TESSERA_TEST_POSTGRES_URL"

    /// The backends available here; scripts/test makes PostgreSQL mandatory through `TESSERA_REQUIRE_POSTGRES`.
    public static var available: [TestBackend] {
        ProcessInfo.processInfo.environment[postgresURLVariable] == nil ? [.sqlite] : [.sqlite, .postgres]
    }

    public var description: String { rawValue }

    static let logger = Logger(label: "tessera-test")

    /// Runs `body` with a new, migrated, empty catalog database, removed afterwards.
    public func withFreshDatabase<T: Sendable>(_ body: (SQLDatabase) async throws -> T) async throws -> T {
        try await withEmptyDatabase { database in
            try await Migrator(database: database).migrate()
            return try await body(database)
        }
    }

    /// Runs `body` with a new database that has no schema yet.
    public func withEmptyDatabase<T: Sendable>(_ body: (SQLDatabase) async throws -> T) async throws -> T {
        switch self {
        case .sqlite:
            let folder = try Fixtures.temporaryFolder("tessera-sqlite")
            defer { try? FileManager.default.removeItem(at: folder) }
            return try await CatalogDatabase.with(.sqlite(path: folder.appendingPathComponent("catalog.sqlite").path),
                                                  logger: Self.logger, body)
        case .postgres:
            guard let url = ProcessInfo.processInfo.environment[Self.postgresURLVariable],
                  case .postgres(var settings) = try DatabaseLocation(url) else {
                throw TestBackendError.postgresNotConfigured
            }
            let name = "tessera_t_" + UUID().uuidString.prefix(8).lowercased()
            try await administer(settings, "CREATE DATABASE \(name)")
            settings.database = name
            do {
                let result = try await CatalogDatabase.with(.postgres(settings), logger: Self.logger, body)
                try? await administer(settings, "DROP DATABASE \(name) WITH (FORCE)")
                return result
            } catch {
                try? await administer(settings, "DROP DATABASE \(name) WITH (FORCE)")
                throw error
            }
        }
    }

    /// Runs one statement outside a transaction on the cluster's maintenance database.
    private func administer(_ settings: DatabaseLocation.PostgresSettings, _ statement: String) async throws {
        var admin = settings
        admin.database = "postgres"
        let configuration = PostgresConnection.Configuration(
            host: admin.host, port: admin.port, username: admin.user, password: admin.password,
            database: admin.database, tls: .disable)
        let connection = try await PostgresConnection.connect(configuration: configuration, id: 1, logger: Self.logger)
        do {
            _ = try await connection.query(PostgresQuery(unsafeSQL: statement), logger: Self.logger)
        } catch {
            try? await connection.close()
            throw error
        }
        try await connection.close()
    }
}

public enum TestBackendError: Error, CustomStringConvertible {
    case postgresNotConfigured

    public var description: String {
        "PostgreSQL tests need \(TestBackend.postgresURLVariable); run them through scripts/test, which starts a throwaway cluster"
    }
}
