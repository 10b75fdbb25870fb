import Hummingbird
import Logging

/// Turns failures that are not already problems (the catalog database failing or unreachable) into a 503
/// problem. The cause is logged for operators; clients never see driver messages or SQL.
struct ProblemMiddleware<Context: RequestContext>: RouterMiddleware {
    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        do {
            return try await next(request, context)
        } catch let error as any HTTPResponseError {
            throw error
        } catch {
            context.logger.error("request failed", metadata: ["path": "\(request.uri.path)", "error": "\(String(reflecting: error))"])
            throw Problem(.serviceUnavailable, "the catalog could not answer this request just now; try again shortly")
        }
    }
}
