import Hummingbird
import Logging
import TesseraCore

/// Turns failures that are not already problems (the catalog database failing or unreachable) into a 503
/// problem. The cause is logged for operators; clients never see driver messages or SQL.
struct ProblemMiddleware<Context: RequestContext>: RouterMiddleware {
    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        do {
            return try await next(request, context)
        } catch let error as any HTTPResponseError {
            throw error
        } catch let timeout as CatalogTimeout {
            throw Problem(.serviceUnavailable, "the catalog took longer than \(timeout.limit.components.seconds) s to answer; "
                          + "narrow the query (a study, fewer alternatives or facets) or try again later")
        } catch {
            context.logger.error("request failed", metadata: ["path": "\(request.uri.path)", "error": "\(String(reflecting: error))"])
            throw Problem(.serviceUnavailable, "the catalog could not answer this request just now; try again shortly")
        }
    }
}
