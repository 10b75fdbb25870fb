import Foundation
import TesseraCore

/// The catalog on any `SQLDatabase`: one set of statements, so SQLite and PostgreSQL behave the same.
public struct SQLCatalog: CatalogStore {
    public let database: SQLDatabase

    public init(database: SQLDatabase) {
        self.database = database
    }

    static func now() -> String { Date().ISO8601Format() }
}

public enum CatalogStoreError: Error, CustomStringConvertible {
    case noRunID

    public var description: String { "the database did not return the new crawl run's id" }
}
