import Foundation
import Logging
import TesseraCore

/// Crawls sources study by study and commits each study to the catalog in its own transaction.
public struct Crawler: Sendable {
    let store: CatalogStore
    let logger: Logger

    public init(store: CatalogStore, logger: Logger) {
        self.store = store
        self.logger = logger
    }

    /// What a finished crawl reports, beyond what is stored with the run.
    public struct Outcome: Sendable {
        public var run: Int64
        public var report: CrawlReport
        /// Annotation-table rows that named no catalogued well or image.
        public var unmatchedRows: Int
    }

    /// Crawls every study of `source`; per-object problems are recorded, a store failure ends the crawl.
    public func crawl(_ source: ObjectSource, label: String) async throws -> Outcome {
        let run = try await store.startCrawl(source: label)
        var report = CrawlReport(status: .succeeded)
        var unmatched = 0
        do {
            for (prefix, name) in try await studyPrefixes(source, label: label) {
                var crawler = StudyCrawler(source: source, prefix: prefix, name: name, logger: logger)
                let snapshot = try await crawler.crawl()
                report.objectsRead += snapshot.sourceObjects.count
                report.errors += snapshot.issues
                unmatched += crawler.unmatchedRows
                guard snapshot.study.studyDocument != nil || !snapshot.images.isEmpty else {
                    logger.info("skipped folder without a study file or images", metadata: ["prefix": "\(prefix)"])
                    continue
                }
                try await store.replaceStudy(snapshot, crawlRun: run)
                report.studies += 1
                report.images += snapshot.images.count
                report.arrays += snapshot.arrays.count
                report.annotations += snapshot.annotations.count
                logger.info("catalogued study", metadata: ["study": "\(snapshot.study.id)", "images": "\(snapshot.images.count)"])
            }
        } catch {
            report.status = .failed
            report.errors.append(CrawlIssue(url: source.publicBaseURL, message: "crawl stopped: \(error)"))
            try? await store.finishCrawl(run, report: report)
            throw error
        }
        report.status = report.errors.isEmpty ? .succeeded : .completedWithErrors
        try await store.finishCrawl(run, report: report)
        return Outcome(run: run, report: report, unmatchedRows: unmatched)
    }

    /// A source is either one study (it holds a `*-study.txt`) or a bucket whose top-level folders are studies.
    private func studyPrefixes(_ source: ObjectSource, label: String) async throws -> [(String, String)] {
        let root = try await source.list(prefix: "")
        if root.objects.contains(where: { $0.name.hasSuffix("-study.txt") }) {
            let name = URL(fileURLWithPath: label).lastPathComponent
            return [("", name)]
        }
        // Hidden folders (`.git`, `.cache`) are not studies.
        return root.prefixes.filter { !$0.hasPrefix(".") }.map { ($0, String($0.dropLast())) }
    }
}
