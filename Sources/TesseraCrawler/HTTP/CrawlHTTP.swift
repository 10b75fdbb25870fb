import AsyncHTTPClient
import Foundation
import Logging
import NIOCore
import NIOFoundationCompat
import NIOHTTP1
import NIOPosix

/// A complete HTTP answer: bodies of metadata documents are small and read whole.
public struct HTTPAnswer: Sendable {
    public var status: Int
    public var headers: HTTPHeaders
    public var body: Data
}

/// The crawler's HTTP: one keep-alive connection pool, at most `concurrency` requests in flight, a deadline per
/// attempt, and retries with backoff on what networks and object stores do transiently (5xx, 429, 503 SlowDown,
/// timeouts, resets, truncated bodies).
public final class CrawlHTTP: Sendable {
    public let concurrency: Int
    let client: HTTPClient
    let limiter: AsyncLimiter
    let retry: RetryPolicy
    let logger: Logger
    /// No metadata document is larger; anything beyond is refused rather than buffered.
    static let maximumBody = 64 * 1024 * 1024

    public init(concurrency: Int = 64, retry: RetryPolicy = RetryPolicy(), logger: Logger) {
        self.concurrency = max(1, concurrency)
        var configuration = HTTPClient.Configuration()
        configuration.connectionPool = .init(idleTimeout: .seconds(60), concurrentHTTP1ConnectionsPerHostSoftLimit: max(1, concurrency))
        configuration.timeout = .init(connect: .seconds(10), read: TimeAmount(retry.requestTimeout))
        configuration.decompression = .disabled
        // No spans: building their attributes parsed every request's URL once more.
        configuration.tracing.tracer = nil
        client = HTTPClient(eventLoopGroup: MultiThreadedEventLoopGroup.singleton, configuration: configuration)
        limiter = AsyncLimiter(limit: concurrency)
        self.retry = retry
        self.logger = logger
    }

    public func shutdown() async throws {
        try await client.shutdown()
    }

    /// Sends the request built by `make` (called again for every attempt, so signatures stay fresh) until it
    /// gets a final answer. A retryable status that outlasts every attempt is returned; an error that does is
    /// thrown as `TransportError.gaveUp`.
    func send(_ description: String, _ make: @Sendable () -> HTTPClientRequest) async throws -> HTTPAnswer {
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

    /// One attempt: the answer's head must come within the request timeout, and the body may not pause longer
    /// than that (the client's read timeout); a body shorter than its Content-Length is an error.
    private func attempt(_ request: HTTPClientRequest) async throws -> HTTPAnswer {
        let response: HTTPClientResponse
        do {
            response = try await client.execute(request, deadline: .now() + TimeAmount(retry.requestTimeout))
        } catch let error as HTTPClientError where error == .deadlineExceeded {
            throw TransportError.timedOut(retry.requestTimeout)
        }
        let buffer: ByteBuffer
        do {
            buffer = try await response.body.collect(upTo: Self.maximumBody)
        } catch is NIOTooManyBytesError {
            throw TransportError.tooLarge(limit: Self.maximumBody)
        }
        if request.method != .HEAD, let expected = response.headers.first(name: "content-length").flatMap(Int.init),
           expected != buffer.readableBytes {
            throw TransportError.truncated(expected: expected, received: buffer.readableBytes)
        }
        return HTTPAnswer(status: Int(response.status.code), headers: response.headers, body: Data(buffer: buffer))
    }
}

public enum TransportError: Error, CustomStringConvertible {
    case timedOut(Duration)
    case truncated(expected: Int, received: Int)
    case tooLarge(limit: Int)
    case gaveUp(request: String, attempts: Int, lastProblem: String)

    /// Whether a later attempt, or a later crawl, may well succeed.
    public var isTransient: Bool {
        switch self {
        case .tooLarge: return false
        case .timedOut, .truncated, .gaveUp: return true
        }
    }

    public var description: String {
        switch self {
        case .timedOut(let limit): return "no complete answer within \(limit)"
        case .truncated(let expected, let received): return "body cut short: \(received) of \(expected) bytes"
        case .tooLarge(let limit): return "body larger than \(limit) bytes"
        case .gaveUp(let request, let attempts, let last): return "\(request) failed \(attempts) times; last: \(last)"
        }
    }
}
