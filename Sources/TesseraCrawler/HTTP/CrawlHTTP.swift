import Foundation
import Logging
import NIOCore
import NIOFoundationCompat
import NIOHTTP1

/// A complete HTTP answer: bodies of metadata documents are small and read whole.
public struct HTTPAnswer: Sendable {
    public var status: Int
    public var headers: HTTPHeaders
    public var body: Data
}

/// The crawler's HTTP: keep-alive connections (`HTTP1Transport`), at most `concurrency` requests in flight, a
/// deadline per attempt, and retries with backoff on what networks and object stores do transiently (5xx, 429,
/// 503 SlowDown, timeouts, resets, truncated bodies).
public final class CrawlHTTP: Sendable {
    public let concurrency: Int
    let transport: HTTP1Transport
    let limiter: AsyncLimiter
    let retry: RetryPolicy
    let logger: Logger
    /// No metadata document is larger; anything beyond is refused rather than buffered.
    static let maximumBody = 64 * 1024 * 1024

    /// - Parameter caBundle: a PEM file of certificate authorities to trust for HTTPS instead of the system's.
    public init(concurrency: Int = 64, retry: RetryPolicy = RetryPolicy(), caBundle: String? = nil, logger: Logger) throws {
        self.concurrency = max(1, concurrency)
        transport = try HTTP1Transport(maximumBody: Self.maximumBody, caBundle: caBundle)
        limiter = AsyncLimiter(limit: concurrency)
        self.retry = retry
        self.logger = logger
    }

    public func shutdown() async throws {
        await transport.shutdown()
    }

    /// Sends the request built by `make` (called again for every attempt, so signatures stay fresh) until it
    /// gets a final answer. A retryable status that outlasts every attempt is returned; an error that does is
    /// thrown as `TransportError.gaveUp`.
    func send(_ description: String, _ make: @Sendable () -> CrawlRequest) async throws -> HTTPAnswer {
        var attempt = 0
        while true {
            let outcome: Result<HTTPAnswer, Error>
            do {
                outcome = .success(try await limiter.withPermit { try await self.attempt(make()) })
            } catch let error as TransportError where !error.isTransient {
                throw error
            } catch is CancellationError {
                throw CancellationError()
            } catch {
                try Task.checkCancellation()
                outcome = .failure(error)
            }
            attempt += 1
            let problem: String
            switch outcome {
            case .success(let answer) where !RetryPolicy.isRetryable(status: answer.status) || attempt >= retry.attempts:
                return answer
            case .success(let answer):
                problem = "HTTP \(answer.status)"
            case .failure(let error):
                guard attempt < retry.attempts else {
                    throw TransportError.gaveUp(request: description, attempts: attempt, lastProblem: "\(error)")
                }
                problem = "\(error)"
            }
            logger.debug("retrying", metadata: ["request": "\(description)", "attempt": "\(attempt)", "problem": "\(problem)"])
            try await Task.sleep(for: retry.delay(beforeRetry: attempt - 1))
        }
    }

    /// One attempt: the whole answer must come within the request timeout.
    private func attempt(_ request: CrawlRequest) async throws -> HTTPAnswer {
        do {
            let answer = try await transport.execute(request, deadline: .now() + TimeAmount(retry.requestTimeout))
            return HTTPAnswer(status: Int(answer.head.status.code), headers: answer.head.headers, body: Data(buffer: answer.body))
        } catch HTTPExchangeHandler.Failure.timedOut {
            throw TransportError.timedOut(retry.requestTimeout)
        } catch HTTPExchangeHandler.Failure.tooLarge(let limit) {
            throw TransportError.tooLarge(limit: limit)
        }
    }
}

public enum TransportError: Error, CustomStringConvertible {
    case timedOut(Duration)
    case tooLarge(limit: Int)
    case gaveUp(request: String, attempts: Int, lastProblem: String)

    /// Whether a later attempt, or a later crawl, may well succeed.
    public var isTransient: Bool {
        switch self {
        case .tooLarge: return false
        case .timedOut, .gaveUp: return true
        }
    }

    public var description: String {
        switch self {
        case .timedOut(let limit): return "no complete answer within \(limit)"
        case .tooLarge(let limit): return "body larger than \(limit) bytes"
        case .gaveUp(let request, let attempts, let last): return "\(request) failed \(attempts) times; last: \(last)"
        }
    }
}
