import Foundation
import TesseraCore

/// Shard indexes fetched once and kept within a memory budget (least recently used go first), so a chunk
/// query costs one ranged GET per shard at most, and none when the shard's index is warm.
public actor ShardIndexCache {
    public nonisolated let budget: Int
    private var entries: [String: (index: ShardIndex?, lastUse: UInt64)] = [:]
    private var used = 0
    private var clock: UInt64 = 0

    /// - Parameter budget: bytes of decoded indexes to keep (default 64 MiB).
    public init(budget: Int = 64 * 1024 * 1024) {
        self.budget = budget
    }

    /// The index of the shard at `url`, `nil` when the shard does not exist (all of it is fill value).
    public func index(of url: String, layout: ShardIndexLayout, fetcher: ObjectFetcher) async throws -> ShardIndex? {
        clock += 1
        if let cached = entries[url] {
            entries[url]?.lastUse = clock
            return cached.index
        }
        let range: FetchRange = layout.location == .end ? .suffix(layout.byteCount) : .prefix(layout.byteCount)
        let index = try await fetcher.fetch(url, range: range).map { try ShardIndex.decode($0, layout: layout) }
        store(url, index)
        return index
    }

    /// How many indexes and bytes are held, for metrics and tests.
    public var usage: (count: Int, bytes: Int) { (entries.count, used) }

    private func store(_ url: String, _ index: ShardIndex?) {
        let size = (index?.byteCount ?? 0) + url.utf8.count
        guard size <= budget else { return }
        if let previous = entries[url] { used -= (previous.index?.byteCount ?? 0) + url.utf8.count }
        entries[url] = (index, clock)
        used += size
        while used > budget, let oldest = entries.min(by: { $0.value.lastUse < $1.value.lastUse }) {
            entries[oldest.key] = nil
            used -= (oldest.value.index?.byteCount ?? 0) + oldest.key.utf8.count
        }
    }
}
