import Synchronization
import TesseraCore

/// Reads that give up after `limit`, for the API: a query too costly for the catalog answers a clear error in
/// bounded time instead of holding the client and a connection. The abandoned read is cancelled (SQLite
/// interrupts it); PostgreSQL stops it by the server's own `statement_timeout` (`CatalogDatabase.with`).
public struct TimeLimitedDatabase: SQLDatabase {
    let base: SQLDatabase
    let limit: Duration

    public init(_ base: SQLDatabase, limit: Duration) {
        self.base = base
        self.limit = limit
    }

    public var dialect: SQLDialect { base.dialect }

    @discardableResult
    public func write(_ statements: [SQL]) async throws -> [[SQLRow]] {
        try await base.write(statements)
    }

    public func read(_ queries: [SQL]) async throws -> [[SQLRow]] {
        let base = base, limit = limit
        let outcome = Outcome()
        return try await withCheckedThrowingContinuation { continuation in
            outcome.await(continuation)
            let work = Task {
                do { outcome.finish(.success(try await base.read(queries))) } catch { outcome.finish(.failure(error)) }
            }
            Task {
                try? await Task.sleep(for: limit)
                outcome.finish(.failure(CatalogTimeout(limit: limit)))
                work.cancel()
            }
        }
    }

    /// Whichever of the read and the deadline comes first resumes the caller; the other finds it done.
    private final class Outcome: Sendable {
        private let state = Mutex<CheckedContinuation<[[SQLRow]], Error>?>(nil)

        func await(_ continuation: CheckedContinuation<[[SQLRow]], Error>) {
            state.withLock { $0 = continuation }
        }

        func finish(_ result: Result<[[SQLRow]], Error>) {
            state.withLock { continuation in
                continuation?.resume(with: result)
                continuation = nil
            }
        }
    }
}
