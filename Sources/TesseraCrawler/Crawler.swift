import Foundation
import Logging
import TesseraCore

/// Crawls sources study by study and commits each study to the catalog in its own transaction. Studies whose
/// listed metadata objects are unchanged since the last crawl are not re-read; a study whose reading failed in a
/// way that may pass keeps what the catalog had; studies whose folders are gone are removed once a crawl ran
/// to its end. One crawl of a published location runs at a time (a lock in the catalog).
public struct Crawler: Sendable {
    let store: CatalogStore
    let logger: Logger
    public var options: Options

    public struct Options: Sendable {
        /// Re-read every study, even those whose metadata objects did not change.
        public var full = false
        /// Studies read side by side; each is committed as soon as it is read.
        public var parallelStudies = 8
        /// Metadata objects read ahead of the crawler within a study.
        public var prefetchWindow = 512
        /// A lock not renewed for this long belongs to a crawl that died and may be taken over.
        public var lockLease: Duration = .seconds(120)
        public var progress: CrawlProgress?

        public init() {}
    }

    public init(store: CatalogStore, logger: Logger, options: Options = Options()) {
        self.store = store
        self.logger = logger
        self.options = options
    }

    /// What a finished crawl reports, beyond what is stored with the run.
    public struct Outcome: Sendable {
        public var run: Int64
        public var report: CrawlReport
    }

    /// Crawls every study of `source`; per-object problems are recorded, a store failure ends the crawl. With
    /// `curation`, the studies are the curation's, their data found in `source` (see `Curation.mount`).
    public func crawl(_ data: ObjectSource, label: String, curation: Curation? = nil) async throws -> Outcome {
        let (source, plateAliases, placementIssues): (ObjectSource, [String: String], [CrawlIssue]) =
            if let curation { try await curation.mount(data, logger: logger) } else { (data, [:], []) }
        let run = try await CrawlLocking(store: store, lease: options.lockLease).acquire(key: source.publicBaseURL, source: label)
        let heartbeat = Task { [store, lease = options.lockLease] in
            while !Task.isCancelled {
                try await Task.sleep(for: lease / 4)
                try? await store.renewCrawlLock(run: run)
            }
        }
        defer { heartbeat.cancel() }

        var report = CrawlReport(status: .succeeded)
        report.errors = placementIssues
        do {
            let studies = try await studyPrefixes(source, label: label)
            options.progress?.studiesFound(studies.count)
            let known = try await store.studyFingerprints(under: source.publicBaseURL)
            var seen = Set<String>()
            try await withThrowingTaskGroup(of: StudyResult.self) { group in
                var queue = studies[...]
                func launch() {
                    guard let (prefix, name) = queue.popFirst() else { return }
                    group.addTask { await crawlStudy(source, prefix: prefix, name: name, known: known, plateAliases: plateAliases) }
                }
                for _ in 0..<max(1, options.parallelStudies) { launch() }
                while let result = try await group.next() {
                    // Writes happen here, one at a time, while the other studies go on reading.
                    try await commit(result, run: run, known: known, report: &report, seen: &seen)
                    options.progress?.studyDone()
                    launch()
                }
            }
            // A source that lists only some studies (a lone HTTP root) says nothing about the others.
            let listed = Set(studies.map { ObjectPath.url(source.publicBaseURL, appending: $0.0).trimmingSuffix("/") })
            let gone = known.filter { !seen.contains($0.key) && (source.listsAllStudies || listed.contains($0.key)) }
                .map(\.value.studyID)
            try await store.removeStudies(gone)
            report.counts.studiesRemoved = gone.count
            for id in gone { logger.info("removed study whose folder is gone", metadata: ["study": "\(id)"]) }
        } catch {
            report.status = .failed
            report.errors.append(CrawlIssue(url: source.publicBaseURL, message: "crawl stopped: \(error)"))
            try? await store.finishCrawl(run, report: report)
            throw error
        }
        report.status = report.errors.isEmpty ? .succeeded : .completedWithErrors
        try await store.finishCrawl(run, report: report)
        return Outcome(run: run, report: report)
    }

    /// One study as read, before it is committed.
    struct StudyResult: Sendable {
        enum Kind {
            /// Listed metadata as the catalog has it: nothing read.
            case unchanged
            /// Read to the end (permanent per-object problems are in the snapshot's issues).
            case read
            /// Reading failed in a way that may pass: the catalog keeps what it had.
            case incomplete
        }

        var kind: Kind
        var url: String
        var snapshot: StudySnapshot
        /// Of the snapshot's source objects, those whose documents came from the catalog, not the source.
        var objectsFromCatalog = 0
    }

    private func crawlStudy(_ source: ObjectSource, prefix: String, name: String, known: [String: StudyFingerprint],
                            plateAliases: [String: String]) async -> StudyResult {
        let url = ObjectPath.url(source.publicBaseURL, appending: prefix).trimmingSuffix("/")
        var crawler = StudyCrawler(source: source, prefix: prefix, name: name, logger: logger, progress: options.progress)
        crawler.plateAliases = plateAliases
        do {
            var fingerprint: String?
            var prefetcher: Prefetcher?
            if let inventory = try await source.inventory(prefix: prefix, wanted: StudyCrawler.isMetadata) {
                fingerprint = InventorySource.fingerprint(inventory)
                if !options.full, let fingerprint, known[url]?.fingerprint == fingerprint {
                    return StudyResult(kind: .unchanged, url: url, snapshot: crawler.snapshot)
                }
                // A changed study is read again whole, but only its changed objects from the source.
                let documents = options.full || known[url] == nil ? [] : try await store.documents(ofStudyAt: url)
                let inventorySource = InventorySource(base: source, inventory: inventory,
                                                      window: options.prefetchWindow, documents: documents)
                prefetcher = inventorySource.prefetcher
                crawler.source = inventorySource
            } else if !options.full, known[url] != nil, try await source.unchanged(try await store.sourceObjects(ofStudyAt: url)) == true {
                return StudyResult(kind: .unchanged, url: url, snapshot: crawler.snapshot)
            }
            var snapshot = try await crawler.crawl()
            await prefetcher?.cancel()
            // Sources without a listing are fingerprinted by what was read (HTTP roots: every document's ETag), so
            // a root whose documents changed back and forth is still recognised as unchanged.
            snapshot.fingerprint = fingerprint ?? InventorySource.fingerprint(snapshot.sourceObjects.map {
                ObjectInfo(key: $0.url, size: $0.size, etag: $0.etag, lastModified: $0.lastModified)
            }.sorted { $0.key < $1.key })
            if !options.full, fingerprint == nil, known[url]?.fingerprint == snapshot.fingerprint, !crawler.incomplete {
                return StudyResult(kind: .unchanged, url: url, snapshot: snapshot)
            }
            return StudyResult(kind: crawler.incomplete ? .incomplete : .read, url: url, snapshot: snapshot,
                               objectsFromCatalog: crawler.objectsFromCatalog)
        } catch {
            crawler.record(prefix, "could not be crawled: \(error)")
            return StudyResult(kind: .incomplete, url: url, snapshot: crawler.snapshot)
        }
    }

    private func commit(_ result: StudyResult, run: Int64, known: [String: StudyFingerprint], report: inout CrawlReport,
                        seen: inout Set<String>) async throws {
        let snapshot = result.snapshot
        report.errors += snapshot.issues
        switch result.kind {
        case .unchanged:
            seen.insert(result.url)
            report.counts.studiesUnchanged += 1
        case .incomplete:
            seen.insert(result.url)
            report.counts.studiesKept += 1
            logger.warning("kept the catalogued study: its crawl was cut short by failures that may pass",
                           metadata: ["url": "\(result.url)"])
        case .read:
            report.counts.objectsRead += snapshot.sourceObjects.count - result.objectsFromCatalog
            guard snapshot.study.studyDocument != nil || !snapshot.images.isEmpty else {
                logger.info("skipped folder without a study file or images", metadata: ["url": "\(result.url)"])
                return
            }
            seen.insert(result.url)
            // The study file may now name another accession: the old id goes in favour of the new one.
            if let previous = known[result.url]?.studyID, previous != snapshot.study.id {
                try await store.removeStudies([previous])
            }
            try await store.replaceStudy(snapshot, crawlRun: run)
            report.counts.studies += 1
            report.counts.images += snapshot.images.count
            report.counts.arrays += snapshot.arrays.count
            report.counts.annotations += snapshot.mapAnnotations.count
            report.counts.unmatchedRows += snapshot.unmatchedRows.count
            logger.info("catalogued study", metadata: ["study": "\(snapshot.study.id)", "images": "\(snapshot.images.count)"])
        }
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
