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
    public var exportPageSize: Int

    public init(dataDirectory: String? = nil, fetcher: ObjectFetcher? = nil, shardIndexes: ShardIndexCache = ShardIndexCache(),
                exportPageSize: Int = PageRequest.maximumLimit) {
        self.dataDirectory = dataDirectory
        self.fetcher = fetcher
        self.shardIndexes = shardIndexes
        self.exportPageSize = exportPageSize
    }
}

/// The one place the API's routes and middleware are assembled, for the server and for tests alike.
public func buildRouter(store: CatalogStore, options: APIOptions = APIOptions()) -> Router<BasicRequestContext> {
    let router = Router()
    router.add(middleware: LogRequestsMiddleware(.info))
    // Any web page may query the catalog: answers are public and no cookies are involved.
    router.add(middleware: CORSMiddleware(allowOrigin: .all, allowHeaders: [.accept, .contentType, .init("X-Request-Id")!],
                                          allowMethods: [.get, .head, .post, .options], maxAge: .seconds(86400)))
    router.add(middleware: TraceHeadersMiddleware())
    router.add(middleware: ProblemMiddleware())
    if let dataDirectory = options.dataDirectory {
        router.add(middleware: ObjectFilesMiddleware(folder: dataDirectory, prefix: "/data/"))
    }
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
    CrawlRoutes(store: store).add(to: router)
    return router
}
