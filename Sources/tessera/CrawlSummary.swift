import Foundation
import TesseraCore
import TesseraCrawler

/// The totals of one `tessera crawl`, over all its sources.
struct CrawlSummary: Encodable {
    var runs: [Int64] = []
    var counts = CrawlCounts()
    var errorDetails: [CrawlIssue] = []

    mutating func add(_ outcome: Crawler.Outcome) {
        runs.append(outcome.run)
        counts += outcome.report.counts
        errorDetails += outcome.report.errors
    }

    var line: String {
        "crawled \(counts.studies) studies: \(counts.images) images, \(counts.arrays) arrays, \(counts.annotations) annotations "
            + "from \(counts.objectsRead) objects; \(counts.studiesUnchanged) unchanged, \(counts.studiesKept) kept after failures, "
            + "\(counts.studiesRemoved) removed; \(errorDetails.count) errors, \(counts.unmatchedRows) unmatched annotation rows "
            + "(runs \(runs.map(String.init).joined(separator: ", ")))"
    }

    var json: String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return String(decoding: (try? encoder.encode(self)) ?? Data(), as: UTF8.self)
    }

    enum CodingKeys: String, CodingKey {
        case runs = "crawl_runs", errors, errorDetails = "error_details"
    }

    /// The counts at the top level, beside the runs and the errors.
    func encode(to encoder: Encoder) throws {
        try counts.encode(to: encoder)
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(runs, forKey: .runs)
        try container.encode(errorDetails.count, forKey: .errors)
        try container.encode(errorDetails, forKey: .errorDetails)
    }
}
