import Foundation

/// Where the catalog lives, from `--db` / `TESSERA_DATABASE_URL`: `sqlite:PATH` or `postgres://user:pass@host:port/db`.
public enum DatabaseLocation: Sendable, Equatable, CustomStringConvertible {
    case sqlite(path: String)
    case postgres(PostgresSettings)

    public static let defaultURL = "sqlite:tessera.sqlite"

    public struct PostgresSettings: Sendable, Equatable {
        public var host: String
        public var port: Int
        public var user: String
        public var password: String?
        public var database: String
        /// libpq's `sslmode`: `disable`, `prefer` (the default) or `require`.
        public var sslMode: String
    }

    public init(_ url: String) throws {
        if url.hasPrefix("sqlite:") {
            let path = String(url.dropFirst("sqlite:".count)).replacingOccurrences(of: "//", with: "", options: .anchored)
            guard !path.isEmpty else { throw DatabaseURLError(url: url, reason: "give a file path, e.g. sqlite:tessera.sqlite") }
            self = .sqlite(path: path)
            return
        }
        guard let components = URLComponents(string: url), ["postgres", "postgresql"].contains(components.scheme ?? "") else {
            throw DatabaseURLError(url: url, reason: "use sqlite:PATH or postgres://user:password@host:port/database")
        }
        guard let host = components.host, !host.isEmpty else {
            throw DatabaseURLError(url: url, reason: "the PostgreSQL URL needs a host")
        }
        let database = String(components.path.dropFirst())
        let sslMode = components.queryItems?.first { $0.name == "sslmode" }?.value ?? "prefer"
        guard ["disable", "prefer", "require"].contains(sslMode) else {
            throw DatabaseURLError(url: url, reason: "sslmode must be disable, prefer or require")
        }
        let user = components.user?.removingPercentEncoding ?? "postgres"
        self = .postgres(PostgresSettings(
            host: host, port: components.port ?? 5432, user: user,
            password: components.password?.removingPercentEncoding,
            database: database.isEmpty ? user : database, sslMode: sslMode))
    }

    /// The location without its password, for logs and messages.
    public var description: String {
        switch self {
        case .sqlite(let path): return "sqlite:\(path)"
        case .postgres(let settings):
            return "postgres://\(settings.user)@\(settings.host):\(settings.port)/\(settings.database)"
        }
    }
}

public struct DatabaseURLError: Error, CustomStringConvertible {
    /// The URL with any password removed.
    public let url: String
    public let reason: String

    init(url: String, reason: String) {
        var redacted = URLComponents(string: url)
        if redacted?.password != nil { redacted?.password = "***" }
        self.url = redacted?.string ?? "(unparseable URL)"
        self.reason = reason
    }

    public var description: String { "cannot use database \(url): \(reason)" }
}
