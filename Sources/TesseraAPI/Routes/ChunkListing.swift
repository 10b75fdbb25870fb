import Hummingbird
import TesseraCore

/// The chunk entries covering a region of one level. Unsharded arrays list their chunk objects. Sharded
/// arrays list inner chunks with their shard's URL and byte range, read from shard indexes (one ranged GET
/// per shard, none when cached); empty inner chunks and absent shards are marked as fill.
struct ChunkListing {
    let level: ArrayLevel
    let region: Region
    let fetcher: ObjectFetcher?
    let shardIndexes: ShardIndexCache
    /// Shard indexes fetched at once.
    static let fetchWidth = 16

    /// Inner chunks by byte range when the layout allows and objects can be fetched; else whole objects.
    var layout: ShardIndexLayout? { fetcher == nil ? nil : level.metadata.shardIndexLayout }

    var grid: ChunkGrid {
        let metadata = level.metadata
        return layout == nil ? metadata.objectGrid : ChunkGrid(shape: metadata.shape, chunkShape: metadata.chunkShape, keys: metadata.chunkKeyEncoding)
    }

    func items() async throws -> [ChunkItem] {
        var slices: [ChunkSlice] = []
        grid.forEachChunk(in: region) { slices.append($0) }
        guard let layout, let fetcher else {
            return slices.map { ChunkItem($0, url: level.url + "/" + $0.key) }
        }
        let keys = level.metadata.chunkKeyEncoding
        let located = slices.map { slice -> (slice: ChunkSlice, shardURL: String, shardKey: String, entry: Int64) in
            let (shard, entry) = layout.locate(slice.indices)
            let shardKey = keys.key(shard)
            return (slice, level.url + "/" + shardKey, shardKey, entry)
        }
        let indexes = try await fetchIndexes(Set(located.map(\.shardURL)), layout: layout, fetcher: fetcher)
        return located.map { item in
            let range = indexes[item.shardURL].flatMap { $0 }?.range(ofEntry: item.entry)
            return ChunkItem(item.slice, url: item.shardURL, shardKey: item.shardKey, byteRange: range)
        }
    }

    /// Fetches the indexes of the given shards, a fixed number at a time.
    private func fetchIndexes(_ urls: Set<String>, layout: ShardIndexLayout, fetcher: ObjectFetcher) async throws -> [String: ShardIndex?] {
        let cache = shardIndexes
        var indexes: [String: ShardIndex?] = [:]
        var pending = urls.sorted().makeIterator()
        try await withThrowingTaskGroup(of: (String, ShardIndex?).self) { group in
            func startNext() {
                guard let url = pending.next() else { return }
                group.addTask {
                    do {
                        return (url, try await cache.index(of: url, layout: layout, fetcher: fetcher))
                    } catch {
                        throw Problem(.badGateway, "could not read the shard index of \(url): \(error)")
                    }
                }
            }
            for _ in 0..<Self.fetchWidth { startNext() }
            while let (url, index) = try await group.next() {
                indexes[url] = index
                startNext()
            }
        }
        return indexes
    }
}
