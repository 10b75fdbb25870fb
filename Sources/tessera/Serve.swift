import ArgumentParser
import Foundation
import Hummingbird
import Logging
import TesseraAPI
import TesseraCrawler
import TesseraStore

struct Serve: AsyncParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Serve the catalog's JSON API.")

    @OptionGroup var database: DatabaseOptions
    @OptionGroup var server: ServerOptions

    @Option(help: ArgumentHelp(
        "A crawl POST /v1/crawls may start: NAME=SOURCE [tessera crawl options…]; repeatable.",
        discussion: "Needs $TESSERA_ADMIN_TOKEN, the bearer token the request must carry. Each start runs `tessera crawl` "
            + "in a child process on this server's database; S3 credentials come from its environment, as for tessera crawl."))
    var crawlJob: [String] = []

    func run() async throws {
        let logger = Logs.bootstrap()
        let location = try DatabaseLocation(database.resolvedURL)
        // PostgreSQL stops what the server gave up on a little later, so the API's own timeout speaks first.
        let limit = Duration.seconds(server.queryTimeout)
        try await CatalogDatabase.with(location, logger: logger, statementTimeout: limit + .seconds(5)) { db in
            try await Migrator(database: db).verify(command: database.migrateCommand)
            let store = SQLCatalog(database: TimeLimitedDatabase(db, limit: limit))
            var options = APIOptions(fetcher: PublishedObjectFetcher())
            if !crawlJob.isEmpty {
                options.crawls = try CrawlJobs(crawlJob, databaseURL: database.resolvedURL, store: store)
                options.adminToken = ProcessInfo.processInfo.environment["TESSERA_ADMIN_TOKEN"]
                if options.adminToken?.isEmpty ?? true {
                    logger.warning("--crawl-job is set but TESSERA_ADMIN_TOKEN is not: POST /v1/crawls answers 403")
                }
            }
            try await server.serve(store: store, options: options, logger: logger)
        }
    }
}

struct ServerOptions: ParsableArguments {
    @Option(help: "Address to listen on.")
    var host = "127.0.0.1"

    @Option(help: "Port to listen on.")
    var port = 8080

    @Option(help: ArgumentHelp("Requests per second one client address may make (bursts of twice that); 0 for no limit.",
                               discussion: "Defaults to $TESSERA_RATE_LIMIT, else 0. Over the limit, answers are 429 with Retry-After."))
    var rateLimit: Double?

    @Option(help: "MiB of rendered answers kept for questions asked again before the catalog changes; 0 keeps none.")
    var answerCache = 64

    @Option(help: "Seconds a request's catalog reads may take before it is answered 503.")
    var queryTimeout = 30

    func validate() throws {
        guard answerCache >= 0 else { throw ValidationError("--answer-cache is a number of MiB, 0 for none") }
        guard queryTimeout >= 1 else { throw ValidationError("--query-timeout is a number of seconds, at least 1") }
        guard (rateLimit ?? 0) >= 0 else { throw ValidationError("--rate-limit is a number of requests per second, 0 for none") }
    }

    /// Runs the API until SIGINT or SIGTERM, then shuts down gracefully.
    func serve(store: SQLCatalog, options: APIOptions, logger: Logger) async throws {
        var options = options
        options.answerCacheSize = answerCache * 1024 * 1024
        let limit = rateLimit ?? ProcessInfo.processInfo.environment["TESSERA_RATE_LIMIT"].flatMap(Double.init) ?? 0
        if limit > 0 { options.rateLimit = RateLimit(perSecond: limit) }
        let app = Application(
            router: buildRouter(store: store, options: options),
            configuration: .init(address: .hostname(host, port: port), serverName: "tessera"),
            logger: logger)
        try await app.runService()
    }
}
