import HTTPTypes
import Hummingbird

/// Tags every answer, problems included, with its request id (the client's `X-Request-Id` when it sent a
/// usable one, else the server's own, which is also in the access log) and with `Server-Timing`: the time the
/// server took until the answer's head, so a slow answer can be told from a slow network.
struct TraceHeadersMiddleware<Context: RequestContext>: RouterMiddleware {
    static var requestID: HTTPField.Name { HTTPField.Name("X-Request-Id")! }
    static var serverTiming: HTTPField.Name { HTTPField.Name("Server-Timing")! }

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        let started = ContinuousClock.now
        var response: Response
        do {
            response = try await next(request, context)
        } catch let error as any HTTPResponseError {
            response = try error.response(from: request, context: context)
        }
        response.headers[Self.requestID] = request.headers[Self.requestID].flatMap(Self.usable) ?? context.id
        let elapsed = ContinuousClock.now - started
        let milliseconds = Double(elapsed.components.seconds) * 1000 + Double(elapsed.components.attoseconds) / 1e15
        response.headers[Self.serverTiming] = "app;dur=" + String(format: "%.1f", milliseconds)
        // Browsers show scripts only the headers listed here; Hummingbird's CORS middleware lists them on
        // preflight answers only, where the CORS spec does not look for them.
        response.headers[.accessControlExposeHeaders] = "X-Request-Id, Server-Timing, ETag, Retry-After"
        return response
    }

    /// Ids are echoed into headers and logs: short, and only characters that cannot break either.
    static func usable(_ id: String) -> String? {
        guard (1...128).contains(id.count), id.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || "-_.:".contains($0)) }) else {
            return nil
        }
        return id
    }
}
