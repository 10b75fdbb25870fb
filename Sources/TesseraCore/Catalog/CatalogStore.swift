/// The catalog as the crawler writes it and the API reads it; SQLite and PostgreSQL implement it identically.
public protocol CatalogStore: Sendable {
    /// Who holds the crawl lock named `key` (the URL the crawled objects are published under), if anyone.
    func crawlLock(key: String) async throws -> CrawlLock?
    /// Takes the crawl lock `key` for `holder` and records the start of a run of `source`; `stale` is a lock
    /// found abandoned, whose run is closed as interrupted. `nil` when another crawl holds the lock.
    func startCrawl(source: String, lock key: String, holder: String, replacing stale: CrawlLock?) async throws -> Int64?
    /// Proves the lock's holder is alive; locks not renewed for a while may be taken over.
    func renewCrawlLock(run: Int64) async throws
    /// Replaces everything stored for the snapshot's study, atomically: readers see the old study or the new one.
    func replaceStudy(_ snapshot: StudySnapshot, crawlRun: Int64) async throws
    /// The fingerprint of every catalogued study whose URL is `baseURL` or below it, by study URL.
    func studyFingerprints(under baseURL: String) async throws -> [String: StudyFingerprint]
    /// The objects the study at `url` was read from, with the ETags they had.
    func sourceObjects(ofStudyAt url: String) async throws -> [SourceObject]
    /// The metadata documents the catalog keeps verbatim for the study at `url` (group, array, plate and well
    /// documents), each with the identity its source object had when read.
    func documents(ofStudyAt url: String) async throws -> [CataloguedDocument]
    /// Deletes studies whose folders have gone from their source.
    func removeStudies(_ ids: [String]) async throws
    /// Closes a crawl run with its outcome and releases its lock.
    func finishCrawl(_ run: Int64, report: CrawlReport) async throws

    /// A number that grows with every change readers can see (studies written or removed, crawl runs started
    /// or finished): equal numbers mean equal answers.
    func version() async throws -> Int64

    /// Crawl runs, newest first.
    func crawlRuns(page: PageRequest) async throws -> Page<CrawlRun>
    /// Runs, objects read and errors per run status, over every recorded run.
    func crawlTotals() async throws -> [CrawlTotals]
    /// One run with its per-object errors (at most `errorLimit` of them).
    func crawlRun(id: Int64, errorLimit: Int) async throws -> CrawlRunDetail?

    func studies(page: PageRequest) async throws -> Page<StudySummary>
    func study(id: String) async throws -> StudyDetail?
    /// A page of the images, wells, plates or studies answering a boolean query, with its total and facets.
    func search(_ request: SearchRequest) async throws -> SearchResult
    /// Axes, physical scale and one resolution level (`level`, or the image's last when it has fewer) of the
    /// images named, by id.
    func imageArrays(ids: [String], level: Int) async throws -> [String: ImageArrays]
    func image(id: String) async throws -> ImageDetail?

    /// Terms whose normalised form starts with (first) or contains `prefix`, with study, well and image counts.
    func terms(kind: Term.Kind?, prefix: String, page: PageRequest) async throws -> Page<TermSummary>
    /// A query value resolved through the spellings learnt from the data (`Term.query`), and the studies carrying
    /// any of them. Gene symbols are followed only through links seen in `organisms` when it is not empty.
    func term(_ kind: Term.Kind, query: String, organisms: [Term]) async throws -> TermDetail
    /// Studies sharing genes, phenotypes or compounds with a study, most shared first; `nil` for an unknown study.
    func relatedStudies(to id: String, page: PageRequest) async throws -> RelatedStudies?
}

/// What a crawl did: its status, its counts and the objects it could not read.
public struct CrawlReport: Sendable, Hashable {
    public enum Status: String, Sendable {
        case succeeded
        /// The crawl ran to the end, but some objects could not be read.
        case completedWithErrors = "completed_with_errors"
        case failed
    }

    public var status: Status
    public var counts = CrawlCounts()
    public var errors: [CrawlIssue] = []

    public init(status: Status) {
        self.status = status
    }
}

/// A catalog read that did not finish within the time the server allows a request.
public struct CatalogTimeout: Error, Sendable {
    public let limit: Duration

    public init(limit: Duration) {
        self.limit = limit
    }
}

/// Recorded crawl runs of one status, summed.
public struct CrawlTotals: Sendable, Hashable {
    public var status: String
    public var runs: Int
    public var objectsRead: Int
    public var errors: Int

    public init(status: String, runs: Int, objectsRead: Int, errors: Int) {
        self.status = status
        self.runs = runs
        self.objectsRead = objectsRead
        self.errors = errors
    }
}

/// The counts of a crawl, as runs store them and `tessera crawl --json` and `GET /v1/crawls` print them.
public struct CrawlCounts: Sendable, Hashable, Encodable {
    public var studies = 0
    public var images = 0
    public var arrays = 0
    /// Map annotations written.
    public var annotations = 0
    /// Objects read from the source; documents of unchanged objects that the catalog keeps are not read again.
    public var objectsRead = 0
    /// Studies whose metadata objects were all as the catalog had them: not re-read, not rewritten.
    public var studiesUnchanged = 0
    /// Studies left as they were because their crawl was cut short by a failure that may pass.
    public var studiesKept = 0
    /// Studies whose folders disappeared from the source, removed after the crawl completed.
    public var studiesRemoved = 0
    /// Annotation-table rows that addressed no catalogued well or image.
    public var unmatchedRows = 0

    public init() {}

    enum CodingKeys: String, CodingKey {
        case studies, images, arrays, annotations
        case objectsRead = "objects_read", studiesUnchanged = "studies_unchanged", studiesKept = "studies_kept"
        case studiesRemoved = "studies_removed", unmatchedRows = "unmatched_rows"
    }

    public static func += (total: inout CrawlCounts, more: CrawlCounts) {
        total.studies += more.studies
        total.images += more.images
        total.arrays += more.arrays
        total.annotations += more.annotations
        total.objectsRead += more.objectsRead
        total.studiesUnchanged += more.studiesUnchanged
        total.studiesKept += more.studiesKept
        total.studiesRemoved += more.studiesRemoved
        total.unmatchedRows += more.unmatchedRows
    }
}

/// A keyset page request: `after` is the sort key of the last item already seen.
public struct PageRequest: Sendable, Hashable {
    public static let maximumLimit = 1000
    public var after: String?
    public var limit: Int

    public init(after: String? = nil, limit: Int = 100) {
        self.after = after
        self.limit = limit
    }
}

public struct Page<Item: Sendable>: Sendable {
    public var items: [Item]
    /// The sort key of the last item, when more items may follow.
    public var nextAfter: String?

    public init(items: [Item], nextAfter: String?) {
        self.items = items
        self.nextAfter = nextAfter
    }
}

/// The crawl lock of one source: at most one crawl of a source runs at a time.
public struct CrawlLock: Sendable, Hashable {
    public var key: String
    public var run: Int64?
    /// `host:pid:token` of the crawling process.
    public var holder: String
    /// When the holder last proved alive (ISO 8601).
    public var heartbeat: String

    public init(key: String, run: Int64?, holder: String, heartbeat: String) {
        self.key = key
        self.run = run
        self.holder = holder
        self.heartbeat = heartbeat
    }
}

public struct CataloguedDocument: Sendable, Hashable {
    public var object: SourceObject
    public var text: String

    public init(object: SourceObject, text: String) {
        self.object = object
        self.text = text
    }
}

public struct StudyFingerprint: Sendable, Hashable {
    public var studyID: String
    public var fingerprint: String?

    public init(studyID: String, fingerprint: String?) {
        self.studyID = studyID
        self.fingerprint = fingerprint
    }
}
