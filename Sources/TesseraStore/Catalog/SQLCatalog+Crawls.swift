import Foundation
import TesseraCore

extension SQLCatalog {
    public func crawlLock(key: String) async throws -> CrawlLock? {
        let rows = try await database.read(["SELECT run_id, holder, heartbeat_at FROM crawl_locks WHERE lock_key = \(key)"])[0]
        return rows.first.map { CrawlLock(key: key, run: $0.int(0), holder: $0.string(1), heartbeat: $0.string(2)) }
    }

    public func startCrawl(source: String, lock key: String, holder: String, replacing stale: CrawlLock?) async throws -> Int64? {
        let now = Self.now()
        var take: [SQL] = []
        if let stale {
            // Only the stale holder's row is removed: if someone else took it meanwhile, the insert below finds it.
            take.append("DELETE FROM crawl_locks WHERE lock_key = \(key) AND holder = \(stale.holder)")
            if let run = stale.run {
                take.append("UPDATE crawl_runs SET status = 'failed', finished_at = \(now) WHERE id = \(run) AND status = 'running'")
                take.append("INSERT INTO crawl_errors (crawl_run_id, url, message) VALUES (\(run), \(key), 'interrupted: the crawling process stopped without finishing')")
            }
        }
        take.append("INSERT INTO crawl_locks (lock_key, holder, heartbeat_at) VALUES (\(key), \(holder), \(now)) ON CONFLICT (lock_key) DO NOTHING RETURNING lock_key")
        guard try await database.write(take).last?.isEmpty == false else { return nil }
        let rows = try await database.write([
            "INSERT INTO crawl_runs (source, started_at, status) VALUES (\(source), \(now), 'running') RETURNING id",
            Self.nextVersion,
        ])
        guard let run = rows[0].first?.int(0) else { throw CatalogStoreError.noRunID }
        try await database.write(["UPDATE crawl_locks SET run_id = \(run) WHERE lock_key = \(key) AND holder = \(holder)"])
        return run
    }

    public func renewCrawlLock(run: Int64) async throws {
        try await database.write(["UPDATE crawl_locks SET heartbeat_at = \(Self.now()) WHERE run_id = \(run)"])
    }

    public func finishCrawl(_ run: Int64, report: CrawlReport) async throws {
        let update: SQL = """
            UPDATE crawl_runs SET finished_at = \(Self.now()), status = \(report.status.rawValue), studies = \(report.counts.studies),
                images = \(report.counts.images), arrays = \(report.counts.arrays), annotations = \(report.counts.annotations),
                objects_read = \(report.counts.objectsRead), errors = \(report.errors.count),
                studies_unchanged = \(report.counts.studiesUnchanged), studies_kept = \(report.counts.studiesKept),
                studies_removed = \(report.counts.studiesRemoved), unmatched_rows = \(report.counts.unmatchedRows)
            WHERE id = \(run)
            """
        let errors = SQL.insert(into: "crawl_errors", columns: ["crawl_run_id", "url", "message"],
                                rows: report.errors.map { [.int(run), .text($0.url), .text($0.message)] })
        try await database.write([update] + errors + ["DELETE FROM crawl_locks WHERE run_id = \(run)", Self.nextVersion])
        // The query planner picks indexes by table statistics: without them a fresh catalog answers term
        // queries several times slower.
        if report.counts.studies + report.counts.studiesRemoved > 0 {
            try await database.write(database.dialect.refreshStatistics)
        }
    }

    public func crawlTotals() async throws -> [CrawlTotals] {
        let rows = try await database.read([
            "SELECT status, COUNT(*), CAST(SUM(objects_read) AS BIGINT), CAST(SUM(errors) AS BIGINT) FROM crawl_runs GROUP BY status ORDER BY status",
        ])[0]
        return rows.map {
            CrawlTotals(status: $0.string(0), runs: Int($0.int(1) ?? 0), objectsRead: Int($0.int(2) ?? 0), errors: Int($0.int(3) ?? 0))
        }
    }

    public func crawlRuns(page: PageRequest) async throws -> Page<CrawlRun> {
        let after: SQL = page.after.flatMap(Int64.init).map { "WHERE id < \($0)" } ?? ""
        let rows = try await database.read(["\(Self.crawlRunColumns) \(after) ORDER BY id DESC LIMIT \(page.limit + 1)"])[0]
        let runs = rows.map(Self.crawlRun)
        return Page(items: Array(runs.prefix(page.limit)), nextAfter: runs.count > page.limit ? String(runs[page.limit - 1].id) : nil)
    }

    public func crawlRun(id: Int64, errorLimit: Int) async throws -> CrawlRunDetail? {
        let results = try await database.read([
            "\(Self.crawlRunColumns) WHERE id = \(id)",
            "SELECT url, message FROM crawl_errors WHERE crawl_run_id = \(id) ORDER BY url, message LIMIT \(errorLimit)",
            "SELECT study_id, COUNT(*) FROM unmatched_rows WHERE crawl_run_id = \(id) GROUP BY study_id ORDER BY study_id",
            """
            SELECT study_id, source_url, source_row, address FROM unmatched_rows WHERE crawl_run_id = \(id)
            ORDER BY study_id, source_url, source_row LIMIT \(errorLimit)
            """,
        ])
        guard let row = results[0].first else { return nil }
        var detail = CrawlRunDetail(run: Self.crawlRun(row), errors: results[1].map { CrawlIssue(url: $0.string(0), message: $0.string(1)) })
        let rows = Dictionary(grouping: results[3], by: { $0.string(0) })
        detail.unmatched = results[2].map { count in
            StudyUnmatchedRows(study: count.string(0), count: Int(count.int(1) ?? 0), rows: (rows[count.string(0)] ?? []).map {
                UnmatchedRow(source: Provenance(url: $0.string(1), row: $0.int(2).map(Int.init)), address: $0.string(3))
            })
        }
        return detail
    }

    private static let crawlRunColumns: SQL = """
        SELECT id, source, started_at, finished_at, status, studies, images, arrays, annotations, objects_read, errors,
               studies_unchanged, studies_kept, studies_removed, unmatched_rows
        FROM crawl_runs
        """

    private static func crawlRun(_ row: SQLRow) -> CrawlRun {
        let status = row.string(4)
        var report = CrawlReport(status: CrawlReport.Status(rawValue: status) ?? .failed)
        report.counts.studies = Int(row.int(5) ?? 0)
        report.counts.images = Int(row.int(6) ?? 0)
        report.counts.arrays = Int(row.int(7) ?? 0)
        report.counts.annotations = Int(row.int(8) ?? 0)
        report.counts.objectsRead = Int(row.int(9) ?? 0)
        report.counts.studiesUnchanged = Int(row.int(11) ?? 0)
        report.counts.studiesKept = Int(row.int(12) ?? 0)
        report.counts.studiesRemoved = Int(row.int(13) ?? 0)
        report.counts.unmatchedRows = Int(row.int(14) ?? 0)
        // The run's error count; the errors themselves come with the run's detail.
        report.errors = []
        return CrawlRun(id: row.int(0) ?? 0, source: row.string(1), startedAt: row.string(2), finishedAt: row.text(3),
                        status: status, report: report, errorCount: Int(row.int(10) ?? 0))
    }
}
