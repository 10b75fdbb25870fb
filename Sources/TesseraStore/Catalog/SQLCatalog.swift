import Foundation
import TesseraCore

/// The catalog on any `SQLDatabase`: one set of statements, so SQLite and PostgreSQL behave the same.
public struct SQLCatalog: CatalogStore {
    public let database: SQLDatabase

    public init(database: SQLDatabase) {
        self.database = database
    }

    public func startCrawl(source: String) async throws -> Int64 {
        let rows = try await database.write([
            "INSERT INTO crawl_runs (source, started_at, status) VALUES (\(source), \(Self.now()), 'running') RETURNING id",
        ])
        guard let id = rows[0].first?.int(0) else { throw CatalogStoreError.noRunID }
        return id
    }

    public func finishCrawl(_ run: Int64, report: CrawlReport) async throws {
        let update: SQL = """
            UPDATE crawl_runs SET finished_at = \(Self.now()), status = \(report.status.rawValue), studies = \(report.studies),
                images = \(report.images), arrays = \(report.arrays), annotations = \(report.annotations),
                objects_read = \(report.objectsRead), errors = \(report.errors.count)
            WHERE id = \(run)
            """
        let errors = SQL.insert(into: "crawl_errors", columns: ["crawl_run_id", "url", "message"],
                                rows: report.errors.map { [.int(run), .text($0.url), .text($0.message)] })
        try await database.write([update] + errors)
    }

    static func now() -> String { Date().ISO8601Format() }
}

public enum CatalogStoreError: Error, CustomStringConvertible {
    case noRunID

    public var description: String { "the database did not return the new crawl run's id" }
}
