import Hummingbird
import TesseraCore

/// `GET /v1/studies`, `GET /v1/studies/{id}` and `GET /v1/studies/{id}/related`.
struct StudyRoutes {
    let store: CatalogStore
    let options: APIOptions

    func add(to router: Router<some RequestContext>) {
        router.get("/v1/studies") { request, _ in try await list(request) }
        router.get("/v1/studies/:id") { request, context in try await show(request, id: context.parameters.require("id")) }
        router.get("/v1/studies/:id/related") { request, context in try await related(request, id: context.parameters.require("id")) }
    }

    func list(_ request: Request) async throws -> Response {
        let query = QueryParameters(request: request)
        try query.allowOnly(["limit", "cursor", "format"])
        let format = try ListFormat.negotiate(request)
        var page = try query.page(of: "studies")
        if format != .json {
            let store = store
            page.limit = options.exportPageSize
            return try await ListExport(format: format) { [page] after in
                var request = page
                request.after = after
                let studies = try await store.studies(page: request)
                return (studies.items.map(StudyItem.init), studies.nextAfter)
            }.response(from: page.after)
        }
        let studies = try await store.studies(page: page)
        return try WireJSON.response(ListBody<StudyItem>(items: studies.items.map(StudyItem.init), nextCursor: studies.nextAfter.map { Cursor.encode($0, list: "studies") }))
    }

    func show(_ request: Request, id: String) async throws -> Response {
        try QueryParameters(request: request).allowOnly([])
        guard let study = try await store.study(id: id) else {
            throw Problem.notFound("no study \"\(id)\"; GET /v1/studies lists the catalogued studies")
        }
        return try WireJSON.response(StudyBody(study))
    }

    func related(_ request: Request, id: String) async throws -> Response {
        let query = QueryParameters(request: request)
        try query.allowOnly(["limit", "cursor"])
        let list = "related/\(id)"
        let page = PageRequest(after: try query.single("cursor").map { try Cursor.decode($0, list: list) },
                               limit: try query.limit(default: 20, maximum: 100))
        guard let related = try await store.relatedStudies(to: id, page: page) else {
            throw Problem.notFound("no study \"\(id)\"; GET /v1/studies lists the catalogued studies")
        }
        return try WireJSON.response(RelatedStudiesBody(related, nextCursor: related.nextAfter.map { Cursor.encode($0, list: list) }))
    }
}
