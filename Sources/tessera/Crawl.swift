import ArgumentParser
import Foundation
import TesseraCore
import TesseraCrawler
import TesseraStore

struct Crawl: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Crawl folders of OME-Zarr studies into the catalog.",
        discussion: """
            Each PATH is a bucket laid out on disk whose top-level folders are studies, or one study folder \
            (it holds an idrNNNN-study.txt). Exits 0 when the crawl completed, even if single objects could not \
            be read (they are counted and listed); non-zero when it could not run.
            """)

    @OptionGroup var database: DatabaseOptions

    @Argument(help: "Folders to crawl.")
    var paths: [String]

    @Option(help: "Record object URLs under this base instead of file:// URLs (crawl a mirror, publish the public bucket's URLs).")
    var publicBaseURL: String?

    @Flag(help: "Print the summary as a JSON object.")
    var json = false

    func validate() throws {
        guard !paths.isEmpty else { throw ValidationError("give at least one folder to crawl") }
        if publicBaseURL != nil, paths.count > 1 {
            throw ValidationError("--public-base-url names the base of one folder; crawl one folder per run when using it")
        }
    }

    func run() async throws {
        let logger = Logs.bootstrap()
        let location = try DatabaseLocation(database.resolvedURL)
        let summary = try await CatalogDatabase.with(location, logger: logger) { db in
            try await Migrator(database: db).verify(command: database.migrateCommand)
            var summary = CrawlSummary()
            for path in paths {
                let source = try LocalFolderSource(path: path, publicBaseURL: publicBaseURL)
                let outcome = try await Crawler(store: SQLCatalog(database: db), logger: logger).crawl(source, label: path)
                summary.add(outcome)
            }
            return summary
        }
        print(json ? summary.json : summary.line)
    }
}

/// The totals of one `tessera crawl`, over all its folders.
struct CrawlSummary: Encodable {
    var runs: [Int64] = []
    var studies = 0, images = 0, arrays = 0, annotations = 0, objectsRead = 0, unmatchedRows = 0
    var errorDetails: [CrawlIssue] = []

    mutating func add(_ outcome: Crawler.Outcome) {
        runs.append(outcome.run)
        studies += outcome.report.studies
        images += outcome.report.images
        arrays += outcome.report.arrays
        annotations += outcome.report.annotations
        objectsRead += outcome.report.objectsRead
        unmatchedRows += outcome.unmatchedRows
        errorDetails += outcome.report.errors
    }

    var line: String {
        "crawled \(studies) studies: \(images) images, \(arrays) arrays, \(annotations) annotations from \(objectsRead) objects; "
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
    }
}
