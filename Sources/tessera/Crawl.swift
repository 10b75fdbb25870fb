import ArgumentParser
import Foundation
import Logging
import TesseraCore
import TesseraCrawler
import TesseraStore

struct Crawl: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Crawl OME-Zarr studies from S3 buckets, HTTP(S) Zarr roots or local folders into the catalog.",
        discussion: """
            Each SOURCE is s3://bucket/prefix, an http(s)://…/name.zarr root (read by its metadata alone, no \
            listing), or a local folder. A source is one study (it holds an idrNNNN-study.txt) or a bucket whose \
            top-level folders are studies. Re-crawls read only studies whose metadata objects changed (by ETag and \
            size); each study is committed in one transaction; a crawl killed midway is resumed by running it again.

            Exit status: 0 succeeded; 3 completed, but some objects could not be read (listed in the run, \
            `GET /v1/crawls/{id}`); 75 another crawl of the same source holds the lock; 1 the crawl failed.
            """)

    @OptionGroup var database: DatabaseOptions

    @Argument(help: "s3://bucket/prefix, https://…/name.zarr, or a folder.")
    var sources: [String]

    @Option(help: ArgumentHelp("S3 endpoint, e.g. http://127.0.0.1:8333 or https://uk1s3.embassy.ebi.ac.uk.",
                               discussion: "Defaults to $AWS_ENDPOINT_URL, else AWS's regional endpoint."))
    var endpointURL: String?

    @Option(help: "S3 region (signing scope). Defaults to $AWS_REGION, $AWS_DEFAULT_REGION, else us-east-1.")
    var region: String?

    @Option(help: "S3 bucket addressing: path or virtual. Defaults to virtual on AWS, path on other endpoints.")
    var addressingStyle: S3Endpoint.Addressing?

    @Flag(help: "Send anonymous S3 requests (public buckets), as the AWS CLI's option of the same name.")
    var noSignRequest = false

    @Option(help: "Profile of the shared AWS credentials file. Without it: $AWS_ACCESS_KEY_ID/…, else $AWS_PROFILE or default.")
    var profile: String?

    @Option(help: "Requests in flight at most.")
    var concurrency = 64

    @Option(help: "Seconds a request may take, its whole answer included, before it is retried.")
    var requestTimeout = 30

    @Option(help: ArgumentHelp("PEM file of the certificate authorities to trust for HTTPS instead of the system's.",
                               discussion: "For object stores with a private authority. Defaults to $AWS_CA_BUNDLE."))
    var caBundle: String?

    @Option(help: "Attempts per request before its object is recorded as unreadable.")
    var attempts = 6

    @Flag(help: "Re-read every study, even those whose metadata objects did not change.")
    var full = false

    @Option(help: "Record object URLs under this base instead of the source's own URLs (crawl a mirror, publish the public bucket's URLs).")
    var publicBaseURL: String?

    @Option(help: ArgumentHelp(
        "Curation kept apart from the data: a folder (or s3:// prefix) laid out like IDR's curation repository.",
        discussion: "Its study folders are the studies; each one's data is the source folder of the same accession "
            + "(idrNNNN-…) and the plates --filesets places. The data's own curation files are then ignored."))
    var annotations: String?

    @Option(help: ArgumentHelp("A filesets table (rows idrNNNN/<plate>.ome.zarr,<prefix in the source>[,<id>]), as IDR's "
                               + "ngff_filesets/idrNNNN.csv; repeatable. Needs --annotations."))
    var filesets: [String] = []

    @Flag(inversion: .prefixedNo, help: "Show a progress line on standard error (default: when it is a terminal).")
    var progress: Bool?

    @Flag(help: "Print the summary as a JSON object.")
    var json = false

    func validate() throws {
        guard !sources.isEmpty else { throw ValidationError("give at least one source to crawl") }
        if publicBaseURL != nil, sources.count > 1 {
            throw ValidationError("--public-base-url names the base of one source; crawl one source per run when using it")
        }
        guard concurrency >= 1, concurrency <= 1024 else { throw ValidationError("--concurrency must be between 1 and 1024") }
        guard requestTimeout >= 1, attempts >= 1 else { throw ValidationError("--request-timeout and --attempts must be positive") }
        if !filesets.isEmpty, annotations == nil { throw ValidationError("--filesets places curated plates: give --annotations too") }
    }

    func run() async throws {
        let showProgress = progress ?? (isatty(STDERR_FILENO) == 1)
        // A live progress line and info logs on the same terminal would garble each other.
        let logger = Logs.bootstrap(defaultLevel: showProgress ? .warning : .info)
        let location = try DatabaseLocation(database.resolvedURL)
        let http = try CrawlHTTP(concurrency: concurrency, retry: RetryPolicy(attempts: attempts, requestTimeout: .seconds(requestTimeout)),
                                 caBundle: caBundle ?? ProcessInfo.processInfo.environment["AWS_CA_BUNDLE"], logger: logger)
        let counts = CrawlProgress()
        let display = showProgress ? ProgressLine(counts).start() : nil
        let summary: CrawlSummary
        do {
            summary = try await CatalogDatabase.with(location, logger: logger) { db in
                try await Migrator(database: db).verify(command: database.migrateCommand)
                var options = Crawler.Options()
                options.full = full
                options.progress = counts
                let crawler = Crawler(store: SQLCatalog(database: db), logger: logger, options: options)
                let curation = try annotations.map { Curation(source: try objectSource($0, http: http, publicBaseURL: nil), filesets: try filesetRows()) }
                var summary = CrawlSummary()
                for source in sources {
                    summary.add(try await crawler.crawl(try objectSource(source, http: http, publicBaseURL: publicBaseURL), label: source,
                                                        curation: curation))
                }
                return summary
            }
        } catch {
            display?.cancel()
            try? await http.shutdown()
            if case CrawlError.locked = error {
                FileHandle.standardError.write(Data("tessera crawl: \(error)\n".utf8))
                throw ExitCode(75)
            }
            throw error
        }
        display?.cancel()
        try await http.shutdown()
        print(json ? summary.json : summary.line)
        if !summary.errorDetails.isEmpty { throw ExitCode(3) }
    }

    /// The rows of every `--filesets` table; a malformed one stops the crawl before anything is written.
    private func filesetRows() throws -> [FilesetMapping.Row] {
        try filesets.flatMap { path in
            let mapping = FilesetMapping.parse(try String(contentsOfFile: path, encoding: .utf8))
            if let problem = mapping.problems.first { throw ValidationError("\(path): \(problem)") }
            return mapping.rows
        }
    }

    private func objectSource(_ text: String, http: CrawlHTTP, publicBaseURL: String?) throws -> ObjectSource {
        let environment = ProcessInfo.processInfo.environment
        if text.hasPrefix("s3://") {
            let region = region ?? environment["AWS_REGION"] ?? environment["AWS_DEFAULT_REGION"] ?? "us-east-1"
            let endpoint = try S3Endpoint(url: endpointURL ?? environment["AWS_ENDPOINT_URL_S3"] ?? environment["AWS_ENDPOINT_URL"],
                                          region: region, addressing: addressingStyle)
            let credentials = noSignRequest ? nil : try AWSCredentials.resolve(profile: profile)
            let client = S3Client(endpoint: endpoint, credentials: credentials, http: http)
            return S3ObjectSource(client: client, location: try S3Location(text), publicBaseURL: publicBaseURL)
        }
        if text.hasPrefix("http://") || text.hasPrefix("https://") {
            return try HTTPRootSource(url: text, http: http)
        }
        return try LocalFolderSource(path: text, publicBaseURL: publicBaseURL)
    }
}

extension S3Endpoint.Addressing: ExpressibleByArgument {}

/// Redraws one line on standard error twice a second: objects/s, studies done of total, errors.
final class ProgressLine: Sendable {
    let counts: CrawlProgress

    init(_ counts: CrawlProgress) {
        self.counts = counts
    }

    func start() -> Task<Void, Never> {
        Task {
            while !Task.isCancelled {
                try? await Task.sleep(for: .milliseconds(500))
                draw()
            }
            draw()
            FileHandle.standardError.write(Data("\n".utf8))
        }
    }

    private func draw() {
        let now = counts.current
        let seconds = max(0.001, Date().timeIntervalSince(now.started))
        let line = String(format: "\r\u{1B}[Kcrawling: %d/%d studies, %d objects (%.0f/s), %d errors, %.0f s",
                          now.studiesDone, now.studiesTotal, now.objectsRead, Double(now.objectsRead) / seconds, now.errors, seconds)
        FileHandle.standardError.write(Data(line.utf8))
    }
}
