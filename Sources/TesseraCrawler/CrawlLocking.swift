import Foundation
import TesseraCore

/// Takes a location's crawl lock, taking over from a crawl that died: one whose process is gone from this
/// host, or whose heartbeat is older than the lease.
struct CrawlLocking {
    let store: CatalogStore
    let lease: Duration

    /// This process, as lock holders are named: `host:pid:token`.
    static let holder = "\(ProcessInfo.processInfo.hostName):\(getpid()):\(UUID().uuidString.prefix(8))"

    func acquire(key: String, source: String) async throws -> Int64 {
        for _ in 0..<3 {
            let current = try await store.crawlLock(key: key)
            if let current, !isAbandoned(current) {
                throw CrawlError.locked(source: source, holder: current.holder, run: current.run, since: current.heartbeat)
            }
            if let run = try await store.startCrawl(source: source, lock: key, holder: Self.holder, replacing: current) {
                return run
            }
            // Another crawl took the lock between the look and the take: look again.
        }
        let current = try await store.crawlLock(key: key)
        throw CrawlError.locked(source: source, holder: current?.holder ?? "unknown", run: current?.run, since: current?.heartbeat ?? "")
    }

    private func isAbandoned(_ lock: CrawlLock) -> Bool {
        let parts = lock.holder.split(separator: ":")
        if parts.count == 3, String(parts[0]) == ProcessInfo.processInfo.hostName, let pid = Int32(parts[1]),
           kill(pid, 0) != 0, errno == ESRCH {
            return true
        }
        guard let heartbeat = try? Date(lock.heartbeat, strategy: .iso8601) else { return true }
        let seconds = Double(lease.components.seconds) + Double(lease.components.attoseconds) / 1e18
        return Date().timeIntervalSince(heartbeat) > seconds
    }
}
