import Hummingbird
import Logging
import TesseraCore

/// What differs between deployments of the API.
public struct APIOptions: Sendable {
    /// A folder served read-only under `/data/`, so the URLs of a bucket crawled from it resolve (the demo's bucket).
    public var dataDirectory: String?
    /// Reads shard indexes; without one, sharded arrays are listed shard by shard.
    public var fetcher: ObjectFetcher?
    public var shardIndexes: ShardIndexCache
    /// Rows read from the catalog at a time for NDJSON, CSV and TSV exports: what an export holds in memory.
    public var exportPageSize = PageRequest.maximumLimit
    /// Bytes of rendered answers kept for repeated questions (per catalog version); 0 keeps none.
    public var answerCacheSize = 64 * 1024 * 1024
    /// Requests per client; nil for no limit.
    public var rateLimit: RateLimit?
    /// Crawls `POST /v1/crawls` may start, and the bearer token it takes; without both it answers 403.
    public var crawls: CrawlLauncher?
    public var adminToken: String?

    public init(dataDirectory: String? = nil, fetcher: ObjectFetcher? = nil, shardIndexes: ShardIndexCache = ShardIndexCache()) {
        self.dataDirectory = dataDirectory
        self.fetcher = fetcher
        self.shardIndexes = shardIndexes
    }
}

/// The one place the API's routes and middleware are assembled, for the server and for tests alike.
public func buildRouter(store: CatalogStore, options: APIOptions = APIOptions()) -> Router<APIRequestContext> {
    let router = Router(context: APIRequestContext.self)
    router.add(middleware: LogRequestsMiddleware(.info))
    router.add(middleware: MetricsMiddleware())
    // Any web page may query the catalog: answers are public and no cookies are involved.
    router.add(middleware: CORSMiddleware(allowOrigin: .all, allowHeaders: [.accept, .contentType, .ifNoneMatch, .init("X-Request-Id")!],
                                          allowMethods: [.get, .head, .post, .options], maxAge: .seconds(86400)))
    router.add(middleware: TraceHeadersMiddleware())
    router.add(middleware: CompressionMiddleware())
    router.add(middleware: ProblemMiddleware())
    if let limit = options.rateLimit {
        router.add(middleware: RateLimitMiddleware(buckets: ClientBuckets(limit: limit)))
    }
    router.add(middleware: CacheValidationMiddleware(store: store,
                                                     answers: options.answerCacheSize > 0 ? AnswerCache(capacity: options.answerCacheSize) : nil))
    if let dataDirectory = options.dataDirectory {
        router.add(middleware: ObjectFilesMiddleware(folder: dataDirectory, prefix: "/data/"))
    }
    _ = MetricsEndpoint.registry
    router.get("/metrics") { _, _ in try await MetricsEndpoint.response(store: store) }
    router.get("/openapi.json") { _, _ in
        var headers = HTTPFields()
        headers[.contentType] = "application/json"
        return Response(status: .ok, headers: headers, body: .init(byteBuffer: ByteBuffer(string: OpenAPIDocument.json)))
    }
    router.get("/healthz") { _, _ in try WireJSON.response(["status": "ok"]) }
    // Ready when the catalog answers a query on its schema; a database that is away is a 503 problem.
    router.get("/readyz") { _, _ in
        _ = try await store.studies(page: PageRequest(limit: 1))
        return try WireJSON.response(["status": "ready"])
    }
    StudyRoutes(store: store, options: options).add(to: router)
    ImageRoutes(store: store, options: options).add(to: router)
    TermRoutes(store: store).add(to: router)
    SearchRoutes(store: store, options: options).add(to: router)
    CrawlRoutes(store: store, options: options).add(to: router)
    return router
}
