import Hummingbird
import TesseraCore

/// ETag and Cache-Control on the API's reads, and 304 when the client's copy is current. The tag is the catalog's
/// version with a digest of what was asked (URL and Accept), so confirming a cached answer costs one tiny read and
/// none of the work behind the answer. With an answer cache, reads and searches asked before at this version are
/// answered from it.
struct CacheValidationMiddleware<Context: RequestContext>: RouterMiddleware {
    let store: CatalogStore
    let answers: AnswerCache?
    /// Crawls change the catalog nightly: answers may be reused for a minute without asking.
    static var cacheControl: String { "public, max-age=60" }

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        let search = request.method == .post && request.uri.path == "/v1/search"
        guard search || ((request.method == .get || request.method == .head) && request.uri.path.hasPrefix("/v1/")) else {
            return try await next(request, context)
        }
        // Read before answering: if a crawl commits meanwhile, the tag is older than the answer and the next
        // request simply gets the answer again.
        let version = try await store.version()
        var request = request
        var question = "\(request.uri) \(request.headers[.accept] ?? "")"
        if search { question += "\n" + String(buffer: try await SearchRoutes.body(&request)) }
        let asked = request
        // HEAD answers have no body to keep.
        func respond() async throws -> Response {
            guard let answers, asked.method != .head else { return try await next(asked, context) }
            return try await answers.answer("\(version) \(asked.method) \(question)") { try await next(asked, context) }
        }
        if search { return try await respond() }
        let tag = "W/\"\(version)-" + StableID.make("", question).suffix(16) + "\""
        // Crawl runs change while they run: always revalidate.
        let cacheControl = request.uri.path.hasPrefix("/v1/crawls") ? "no-cache" : Self.cacheControl
        if let given = request.headers[.ifNoneMatch], Self.matches(given, tag) {
            var headers = HTTPFields()
            headers[.eTag] = tag
            headers[.cacheControl] = cacheControl
            headers[.vary] = "Accept, Accept-Encoding"
            return Response(status: .notModified, headers: headers)
        }
        var response = try await respond()
        if response.status == .ok {
            response.headers[.eTag] = tag
            response.headers[.cacheControl] = cacheControl
            response.headers[.vary] = "Accept, Accept-Encoding"
        }
        return response
    }

    /// `If-None-Match` compares weakly (RFC 9110 13.1.2): a listed tag, with or without `W/`, or `*`.
    static func matches(_ header: String, _ tag: String) -> Bool {
        let opaque = { (text: Substring) in text.trimmingSpaces().replacingOccurrences(of: "W/", with: "") }
        return header.split(separator: ",").contains { $0.trimmingSpaces() == "*" || opaque($0) == opaque(tag[...]) }
    }
}
