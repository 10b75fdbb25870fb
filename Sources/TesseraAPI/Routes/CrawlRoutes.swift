import Hummingbird
import TesseraCore

/// `GET /v1/crawls` and `GET /v1/crawls/{id}`: what the crawls did, for operators following nightly runs.
struct CrawlRoutes {
    let store: CatalogStore
    /// Per-object errors listed with one run; the run's `errors` counts them all.
    static let errorLimit = 1000

    func add(to router: Router<some RequestContext>) {
        router.get("/v1/crawls") { request, _ in try await list(request) }
        router.get("/v1/crawls/:id") { request, context in try await show(request, id: context.parameters.require("id")) }
    }

    func list(_ request: Request) async throws -> Response {
        let query = QueryParameters(request: request)
        try query.allowOnly(["limit", "cursor"])
        let page = try query.page(of: "crawls")
        let runs = try await store.crawlRuns(page: page)
        return try WireJSON.response(ListBody<CrawlRunItem>(items: runs.items.map(CrawlRunItem.init),
                                                             nextCursor: runs.nextAfter.map { Cursor.encode($0, list: "crawls") }))
    }

    func show(_ request: Request, id: String) async throws -> Response {
        try QueryParameters(request: request).allowOnly([])
        guard let number = Int64(id), let run = try await store.crawlRun(id: number, errorLimit: Self.errorLimit) else {
            throw Problem.notFound("no crawl run \"\(id)\"; GET /v1/crawls lists the runs")
        }
        return try WireJSON.response(CrawlRunBody(run))
    }
}
