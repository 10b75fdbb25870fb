import Logging
import PostgresNIO

/// Opens the catalog database a location names, for the span of one piece of work.
public enum CatalogDatabase {
    /// Runs `body` with the database open; a PostgreSQL pool runs alongside and is shut down afterwards.
    /// `statementTimeout` bounds every statement a PostgreSQL server runs for this process (the API's reads).
    public static func with<T: Sendable>(
        _ location: DatabaseLocation, logger: Logger, statementTimeout: Duration? = nil, _ body: (SQLDatabase) async throws -> T
    ) async throws -> T {
        switch location {
        case .sqlite(let path):
            return try await body(SQLiteDatabase(path: path))
        case .postgres(let settings):
            var configuration = configuration(settings)
            if let statementTimeout {
                configuration.options.additionalStartupParameters.append(("statement_timeout", "\(statementTimeout.components.seconds * 1000)"))
            }
            let client = PostgresClient(configuration: configuration, backgroundLogger: logger)
            return try await withThrowingTaskGroup(of: Void.self, returning: T.self) { group in
                group.addTask { await client.run() }
                defer { group.cancelAll() }
                return try await body(PostgresDatabase(client: client, logger: logger))
            }
        }
    }

    static func configuration(_ settings: DatabaseLocation.PostgresSettings) -> PostgresClient.Configuration {
        let tls: PostgresClient.Configuration.TLS
        switch settings.sslMode {
        case "disable": tls = .disable
        case "require": tls = .require(.makeClientConfiguration())
        default: tls = .prefer(.makeClientConfiguration())
        }
        var configuration = PostgresClient.Configuration(
            host: settings.host, port: settings.port, username: settings.user,
            password: settings.password, database: settings.database, tls: tls)
        configuration.options.maximumConnections = 16
        return configuration
    }
}
