import Foundation
import TesseraCore
import TesseraCrawler

/// The totals of one `tessera crawl`, over all its sources.
struct CrawlSummary: Encodable {
    var runs: [Int64] = []
    var studies = 0, images = 0, arrays = 0, annotations = 0, objectsRead = 0, unmatchedRows = 0
    var unchanged = 0, kept = 0, removed = 0
    var errorDetails: [CrawlIssue] = []

    mutating func add(_ outcome: Crawler.Outcome) {
        runs.append(outcome.run)
        studies += outcome.report.studies
        images += outcome.report.images
        arrays += outcome.report.arrays
        annotations += outcome.report.annotations
        objectsRead += outcome.report.objectsRead
        unmatchedRows += outcome.report.unmatchedRows
        unchanged += outcome.report.studiesUnchanged
        kept += outcome.report.studiesKept
        removed += outcome.report.studiesRemoved
        errorDetails += outcome.report.errors
    }

    var line: String {
        "crawled \(studies) studies: \(images) images, \(arrays) arrays, \(annotations) annotations from \(objectsRead) objects; "
            + "\(unchanged) unchanged, \(kept) kept after failures, \(removed) removed; "
            + "\(errorDetails.count) errors, \(unmatchedRows) unmatched annotation rows (runs \(runs.map(String.init).joined(separator: ", ")))"
    }

    var json: String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return String(decoding: (try? encoder.encode(self)) ?? Data(), as: UTF8.self)
    }

    enum CodingKeys: String, CodingKey {
        case runs = "crawl_runs", studies, images, arrays, annotations, errors
        case objectsRead = "objects_read", unmatchedRows = "unmatched_rows", errorDetails = "error_details"
        case unchanged = "studies_unchanged", kept = "studies_kept", removed = "studies_removed"
    }

    func encode(to encoder: Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(runs, forKey: .runs)
        try container.encode(studies, forKey: .studies)
        try container.encode(images, forKey: .images)
        try container.encode(arrays, forKey: .arrays)
        try container.encode(annotations, forKey: .annotations)
        try container.encode(objectsRead, forKey: .objectsRead)
        try container.encode(errorDetails.count, forKey: .errors)
        try container.encode(errorDetails, forKey: .errorDetails)
        try container.encode(unmatchedRows, forKey: .unmatchedRows)
        try container.encode(unchanged, forKey: .unchanged)
        try container.encode(kept, forKey: .kept)
        try container.encode(removed, forKey: .removed)
    }
}
