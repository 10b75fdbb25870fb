import Foundation
import Hummingbird
import Synchronization

/// How many requests one client may make: `perSecond` on average, `burst` at once.
public struct RateLimit: Sendable, Hashable {
    public var perSecond: Double
    public var burst: Double

    public init(perSecond: Double, burst: Double? = nil) {
        self.perSecond = perSecond
        self.burst = burst ?? max(1, perSecond * 2)
    }
}

/// A token bucket per client address: a client over its limit gets a 429 problem with `Retry-After`, other
/// clients are not slowed. Buckets of clients quiet long enough to be full again are forgotten, so memory follows
/// the number of recently active clients.
final class ClientBuckets: Sendable {
    let limit: RateLimit
    private let buckets = Mutex<[String: (tokens: Double, at: Double)]>([:])

    init(limit: RateLimit) {
        self.limit = limit
    }

    /// Takes a token for `client` at `now` (seconds); nil when allowed, else the seconds until a token is back.
    func take(_ client: String, now: Double) -> Double? {
        buckets.withLock { buckets in
            if buckets.count > 10_000 {
                let refill = limit.burst / limit.perSecond
                buckets = buckets.filter { now - $0.value.at < refill }
            }
            let bucket = buckets[client] ?? (limit.burst, now)
            let tokens = min(limit.burst, bucket.tokens + (now - bucket.at) * limit.perSecond)
            guard tokens >= 1 else {
                buckets[client] = (tokens, now)
                return (1 - tokens) / limit.perSecond
            }
            buckets[client] = (tokens - 1, now)
            return nil
        }
    }
}

struct RateLimitMiddleware<Context: RequestContext & RemoteAddressRequestContext>: RouterMiddleware {
    let buckets: ClientBuckets

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        // Probes and scrapes are not clients' traffic.
        guard !["/healthz", "/readyz", "/metrics"].contains(request.uri.path) else { return try await next(request, context) }
        let client = context.remoteAddress?.ipAddress ?? "unknown"
        if let wait = buckets.take(client, now: Date().timeIntervalSinceReferenceDate) {
            throw Problem(.tooManyRequests, "more than \(buckets.limit.perSecond) requests per second from \(client); retry in \(Int(wait.rounded(.up))) s",
                          headers: [.retryAfter: String(Int(wait.rounded(.up)))])
        }
        return try await next(request, context)
    }
}
