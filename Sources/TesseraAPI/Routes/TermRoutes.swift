import Foundation
import Hummingbird
import TesseraCore

/// `GET /v1/terms` (autocomplete) and `GET /v1/terms/{kind}/{term}` (one term across spellings and studies).
struct TermRoutes {
    let store: CatalogStore

    func add(to router: Router<some RequestContext>) {
        router.get("/v1/terms") { request, _ in try await list(request) }
        router.get("/v1/terms/:kind/:term") { request, context in
            try await show(request, kind: context.parameters.require("kind"), term: context.parameters.require("term"))
        }
    }

    func list(_ request: Request) async throws -> Response {
        let query = QueryParameters(request: request)
        try query.allowOnly(["kind", "prefix", "limit", "cursor"])
        let kind = try query.single("kind").map(Self.kind)
        let prefix = try query.single("prefix") ?? ""
        // A cursor pages the suggestions of one kind and prefix.
        let list = "terms/\(kind?.rawValue ?? "")/\(prefix)"
        let page = PageRequest(after: try query.single("cursor").map { try Cursor.decode($0, list: list) },
                               limit: try query.limit(default: 20, maximum: 100))
        let terms = try await store.terms(kind: kind, prefix: prefix, page: page)
        return try WireJSON.response(ListBody(items: terms.items.map(TermItem.init), nextCursor: terms.nextAfter.map { Cursor.encode($0, list: list) }))
    }

    func show(_ request: Request, kind name: String, term raw: String) async throws -> Response {
        let query = QueryParameters(request: request)
        try query.allowOnly(["organism"])
        let kind = try Self.kind(name)
        let text = raw.removingPercentEncoding ?? raw
        let organisms = request.uri.queryParameters.getAll("organism").map { Term(kind: .organism, value: String($0)) }
        let detail = try await store.term(kind, query: text, organisms: organisms)
        guard !detail.studies.isEmpty else {
            throw Problem.notFound("no study carries \(kind.rawValue) \"\(text)\" in any spelling; GET /v1/terms?kind=\(kind.rawValue)&prefix=… suggests terms")
        }
        return try WireJSON.response(TermBody(detail))
    }

    static func kind(_ name: String) throws -> Term.Kind {
        guard let kind = Term.Kind(rawValue: name) else {
            throw Problem.badRequest("unknown term kind \"\(name)\"; kinds are \(Term.Kind.allCases.map(\.rawValue).joined(separator: ", "))")
        }
        return kind
    }
}
