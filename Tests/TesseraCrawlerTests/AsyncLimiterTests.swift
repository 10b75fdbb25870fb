import NIOConcurrencyHelpers
import Testing
@testable import TesseraCrawler

@Suite struct AsyncLimiterTests {
    @Test func holdersNeverExceedTheLimitAndEveryWaiterIsServed() async throws {
        let limiter = AsyncLimiter(limit: 3)
        let counts = NIOLockedValueBox((now: 0, most: 0, done: 0))
        try await withThrowingTaskGroup(of: Void.self) { group in
            for _ in 0..<200 {
                group.addTask {
                    try await limiter.withPermit {
                        counts.withLockedValue { $0.now += 1; $0.most = max($0.most, $0.now) }
                        await Task.yield()
                        counts.withLockedValue { $0.now -= 1; $0.done += 1 }
                    }
                }
            }
            try await group.waitForAll()
        }
        let final = counts.withLockedValue { $0 }
        #expect(final.done == 200 && final.now == 0)
        #expect(final.most > 1 && final.most <= 3)
    }
}
