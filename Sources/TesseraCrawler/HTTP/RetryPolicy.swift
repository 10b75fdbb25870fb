/// How crawler requests are retried: exponential backoff with full jitter ("Exponential Backoff And Jitter",
/// AWS Architecture Blog), a deadline per attempt, and a bounded number of attempts.
public struct RetryPolicy: Sendable {
    public var attempts: Int
    public var baseDelay: Duration
    public var maximumDelay: Duration
    /// An answer's head must come within this, and its body may not pause for longer.
    public var requestTimeout: Duration

    public init(attempts: Int = 6, baseDelay: Duration = .milliseconds(100), maximumDelay: Duration = .seconds(10),
                requestTimeout: Duration = .seconds(30)) {
        self.attempts = max(1, attempts)
        self.baseDelay = baseDelay
        self.maximumDelay = maximumDelay
        self.requestTimeout = requestTimeout
    }

    /// A random wait in [0, min(maximum, base · 2^retry)] before retry number `retry` (0-based).
    func delay(beforeRetry retry: Int) -> Duration {
        let ceiling = min(maximumDelay, baseDelay * (1 << min(retry, 20)))
        let nanoseconds = ceiling.components.seconds * 1_000_000_000 + ceiling.components.attoseconds / 1_000_000_000
        return .nanoseconds(Int64.random(in: 0...max(0, nanoseconds)))
    }

    /// Statuses that mean "try again later": throttling (429, S3's 503 SlowDown), timeouts and server errors.
    static func isRetryable(status: Int) -> Bool {
        status == 408 || status == 429 || (500...599).contains(status) && status != 501
    }
}
