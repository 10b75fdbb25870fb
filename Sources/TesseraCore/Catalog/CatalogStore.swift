/// The catalog as the crawler writes it and the API reads it; SQLite and PostgreSQL implement it identically.
public protocol CatalogStore: Sendable {
    /// Records the start of a crawl of `source` and returns its run id.
    func startCrawl(source: String) async throws -> Int64
    /// Replaces everything stored for the snapshot's study, atomically: readers see the old study or the new one.
    func replaceStudy(_ snapshot: StudySnapshot, crawlRun: Int64) async throws
    /// Closes a crawl run with its outcome.
    func finishCrawl(_ run: Int64, report: CrawlReport) async throws

    func studies(page: PageRequest) async throws -> Page<StudySummary>
    func study(id: String) async throws -> StudyDetail?
    func images(matching filter: ImageFilter, page: PageRequest) async throws -> Page<ImageSummary>
    func image(id: String) async throws -> ImageDetail?
}

/// What a crawl did, as printed by `tessera crawl --json` and stored with the run.
public struct CrawlReport: Sendable, Hashable, Codable {
    public enum Status: String, Sendable, Codable {
        case succeeded
        /// The crawl ran to the end, but some objects could not be read.
        case completedWithErrors = "completed_with_errors"
        case failed
    }

    public var status: Status
    public var studies = 0
    public var images = 0
    public var arrays = 0
    public var annotations = 0
    public var objectsRead = 0
    public var errors: [CrawlIssue] = []

    public init(status: Status) {
        self.status = status
    }

    enum CodingKeys: String, CodingKey {
        case status, studies, images, arrays, annotations, errors
        case objectsRead = "objects_read"
    }
}

/// Filters of `GET /v1/images`: terms of one kind are alternatives, different kinds and the study must all match.
public struct ImageFilter: Sendable, Hashable {
    public var terms: [Term] = []
    /// A study id or folder name.
    public var study: String?

    public init(terms: [Term] = [], study: String? = nil) {
        self.terms = terms
        self.study = study
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
