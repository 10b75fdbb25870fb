import TesseraCore

/// A crawl run as `GET /v1/crawls` lists it.
struct CrawlRunItem: Encodable {
    let id: Int64
    let source, status, startedAt: String
    let finishedAt: String?
    let counts: CrawlCounts
    let errors: Int

    init(_ run: CrawlRun) {
        id = run.id
        source = run.source
        status = run.status
        startedAt = run.startedAt
        finishedAt = run.finishedAt
        counts = run.report.counts
        errors = run.errorCount
    }

    enum CodingKeys: String, CodingKey {
        case id, source, status, errors
        case startedAt = "started_at", finishedAt = "finished_at"
    }

    /// The run's own fields, then its counts at the same level.
    func encode(to encoder: Encoder) throws {
        try counts.encode(to: encoder)
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(id, forKey: .id)
        try container.encode(source, forKey: .source)
        try container.encode(status, forKey: .status)
        try container.encode(startedAt, forKey: .startedAt)
        try container.encode(finishedAt, forKey: .finishedAt)
        try container.encode(errors, forKey: .errors)
    }
}

/// One run with its per-object errors (the first `CrawlRoutes.errorLimit`, by URL).
struct CrawlRunBody: Encodable {
    let run: CrawlRunItem
    let errorDetails: [CrawlIssue]
    let unmatched: [UnmatchedItem]

    init(_ detail: CrawlRunDetail) {
        run = CrawlRunItem(detail.run)
        errorDetails = detail.errors
        unmatched = detail.unmatched.map(UnmatchedItem.init)
    }

    enum CodingKeys: String, CodingKey {
        case errorDetails = "error_details", unmatched = "unmatched_row_details"
    }

    func encode(to encoder: Encoder) throws {
        try run.encode(to: encoder)
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(errorDetails, forKey: .errorDetails)
        try container.encode(unmatched, forKey: .unmatched)
    }
}

/// A study's annotation rows that addressed nothing catalogued: how many, and the first ones.
struct UnmatchedItem: Encodable {
    struct Row: Encodable {
        let url: String
        let row: Int?
        let address: String

        enum CodingKeys: String, CodingKey { case url, row, address }

        func encode(to encoder: Encoder) throws {
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encode(url, forKey: .url)
            try container.encode(row, forKey: .row)
            try container.encode(address, forKey: .address)
        }
    }

    let study: String
    let count: Int
    let rows: [Row]

    init(_ unmatched: StudyUnmatchedRows) {
        study = unmatched.study
        count = unmatched.count
        rows = unmatched.rows.map { Row(url: $0.source.url, row: $0.source.row, address: $0.address) }
    }
}
