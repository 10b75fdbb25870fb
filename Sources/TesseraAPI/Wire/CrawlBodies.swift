import TesseraCore

/// A crawl run as `GET /v1/crawls` lists it.
struct CrawlRunItem: Encodable {
    let id: Int64
    let source, status, startedAt: String
    let finishedAt: String?
    let studies, studiesUnchanged, studiesKept, studiesRemoved, images, arrays, annotations, objectsRead, errors, unmatchedRows: Int

    init(_ run: CrawlRun) {
        id = run.id
        source = run.source
        status = run.status
        startedAt = run.startedAt
        finishedAt = run.finishedAt
        studies = run.report.studies
        studiesUnchanged = run.report.studiesUnchanged
        studiesKept = run.report.studiesKept
        studiesRemoved = run.report.studiesRemoved
        images = run.report.images
        arrays = run.report.arrays
        annotations = run.report.annotations
        objectsRead = run.report.objectsRead
        errors = run.errorCount
        unmatchedRows = run.report.unmatchedRows
    }

    enum CodingKeys: String, CodingKey {
        case id, source, status, studies, images, arrays, annotations, errors
        case startedAt = "started_at", finishedAt = "finished_at", objectsRead = "objects_read"
        case studiesUnchanged = "studies_unchanged", studiesKept = "studies_kept", studiesRemoved = "studies_removed"
        case unmatchedRows = "unmatched_rows"
    }

    func encode(to encoder: Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(id, forKey: .id)
        try container.encode(source, forKey: .source)
        try container.encode(status, forKey: .status)
        try container.encode(startedAt, forKey: .startedAt)
        try container.encode(finishedAt, forKey: .finishedAt)
        try container.encode(studies, forKey: .studies)
        try container.encode(studiesUnchanged, forKey: .studiesUnchanged)
        try container.encode(studiesKept, forKey: .studiesKept)
        try container.encode(studiesRemoved, forKey: .studiesRemoved)
        try container.encode(images, forKey: .images)
        try container.encode(arrays, forKey: .arrays)
        try container.encode(annotations, forKey: .annotations)
        try container.encode(objectsRead, forKey: .objectsRead)
        try container.encode(errors, forKey: .errors)
        try container.encode(unmatchedRows, forKey: .unmatchedRows)
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
