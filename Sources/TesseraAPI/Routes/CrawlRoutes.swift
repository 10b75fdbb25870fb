import Foundation
import Hummingbird
import NIOCore
import TesseraCore

/// `GET /v1/crawls` and `GET /v1/crawls/{id}`: what the crawls did, for operators following nightly runs; and
/// `POST /v1/crawls`, which starts a configured crawl for holders of the admin token.
struct CrawlRoutes {
    let store: CatalogStore
    let options: APIOptions
    /// Per-object errors listed with one run; the run's `errors` counts them all.
    static let errorLimit = 1000

    func add(to router: Router<some RequestContext>) {
        router.get("/v1/crawls") { request, _ in try await list(request) }
        router.get("/v1/crawls/:id") { request, context in try await show(request, id: context.parameters.require("id")) }
        router.post("/v1/crawls") { request, _ in try await start(request) }
    }

    /// `{"job": NAME, "full": false}` → 202 with the run, `Location` naming it.
    func start(_ request: Request) async throws -> Response {
        guard let launcher = options.crawls, let token = options.adminToken, !token.isEmpty else {
            throw Problem(.forbidden, "this server starts no crawls: its operator sets TESSERA_ADMIN_TOKEN and --crawl-job to allow them")
        }
        guard let given = request.headers[.authorization], Self.same(given, "Bearer " + token) else {
            throw Problem(.unauthorized, "starting a crawl needs the admin token: Authorization: Bearer <TESSERA_ADMIN_TOKEN>",
                          headers: [.wwwAuthenticate: "Bearer realm=\"tessera\""])
        }
        try QueryParameters(request: request).allowOnly([])
        let body: ByteBuffer
        do {
            body = try await request.body.collect(upTo: 4096)
        } catch is NIOTooManyBytesError {
            throw Problem(.contentTooLarge, "the body is {\"job\": NAME, \"full\": false}, a few bytes; this one is over 4096")
        }
        guard let json = try? JSONValue.parse(Data(buffer: body)), let members = json.objectValue,
              Set(members.keys).isSubset(of: ["job", "full"]), let job = members["job"]?.stringValue else {
            throw Problem(.badRequest, "the body is {\"job\": NAME, \"full\": false}; jobs: \(launcher.jobs.joined(separator: ", "))",
                          errors: [.init(pointer: "/job", detail: "one of \(launcher.jobs.joined(separator: ", "))")])
        }
        guard launcher.jobs.contains(job) else {
            throw Problem(.notFound, "no crawl job \"\(job)\"; this server's jobs are \(launcher.jobs.joined(separator: ", "))")
        }
        var full = false
        if let flag = members["full"] {
            guard case .bool(let value) = flag else { throw Problem(.badRequest, "full is true or false", errors: [.init(pointer: "/full", detail: "true or false")]) }
            full = value
        }
        switch try await launcher.launch(job, full: full) {
        case .started(let run):
            guard let detail = try await store.crawlRun(id: run, errorLimit: Self.errorLimit) else {
                throw Problem(.internalServerError, "crawl run \(run) was started but is not recorded")
            }
            var response = try WireJSON.response(CrawlRunBody(detail), status: .accepted)
            response.headers[.location] = "/v1/crawls/\(run)"
            return response
        case .locked:
            throw Problem(.conflict, "a crawl of job \(job)'s source is running; GET /v1/crawls follows it")
        case .failed(let reason):
            throw Problem(.internalServerError, "the crawl of job \(job) stopped before it started: \(reason)")
        }
    }

    /// Compares in time independent of where the texts differ, so the token cannot be guessed byte by byte.
    static func same(_ given: String, _ expected: String) -> Bool {
        let a = Array(given.utf8), b = Array(expected.utf8)
        var difference = UInt8(a.count == b.count ? 0 : 1)
        for index in 0..<b.count { difference |= (index < a.count ? a[index] : 0) ^ b[index] }
        return difference == 0
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
