import TesseraCore

/// `GET /v1/images/{id}/chunks`: the objects that hold a region of one level, and how to decode them.
struct ChunksBody: Encodable {
    let image: String
    let level: Int
    let url: String
    let axes: [String]
    /// The requested region, clamped to the array: `[start, stop)` per axis.
    let region: [[Int64]]
    let array: ArrayItem
    /// How to read what is not there: a missing object means every element is the fill value.
    let missingObjects: String
    let sharded: Bool
    /// `chunk` when entries are decode units (inner chunks of shards included), `shard` when they are whole shards.
    let unit: String
    let count: Int64
    let chunks: [ChunkItem]

    enum CodingKeys: String, CodingKey {
        case image, level, url, axes, region, array, sharded, unit, count, chunks
        case missingObjects = "missing_objects"
    }
}

struct ChunkItem: Encodable {
    /// The object holding the chunk: the chunk itself, or its shard.
    let key, url: String
    let indices, origin: [Int64]
    /// The chunk's extent inside the array (edge chunks are cut by the array bounds).
    let extent: [Int64]
    /// The part of this chunk inside the region, `[start, stop)` per axis in chunk coordinates.
    let selection: [[Int64]]
    /// For inner chunks of shards: the inclusive byte range inside the shard object, as a `Range` header takes it.
    let byteRange: [UInt64]?
    /// For inner chunks of shards: whether the chunk is empty or its shard absent, so it reads as fill value.
    let fill: Bool?

    init(_ slice: ChunkSlice, url: String, shardKey: String? = nil, byteRange: (offset: UInt64, length: UInt64)? = nil) {
        key = shardKey ?? slice.key
        self.url = url
        indices = slice.indices
        origin = slice.origin
        extent = slice.validExtent
        selection = slice.selection.map { [$0.lowerBound, $0.upperBound] }
        self.byteRange = byteRange.map { [$0.offset, $0.offset + $0.length - 1] }
        fill = shardKey == nil ? nil : byteRange == nil
    }

    enum CodingKeys: String, CodingKey {
        case key, url, indices, origin, extent, selection, fill
        case byteRange = "byte_range"
    }
}
