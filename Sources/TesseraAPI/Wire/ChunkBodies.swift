import TesseraCore

/// `GET /v1/images/{id}/chunks`: the objects that hold a region of one level, and how to decode them.
/// Its `chunks` member is streamed after these members (see `ChunkListing`), each entry with `key`, `url`,
/// `indices`, `origin`, `extent` and `selection`, plus `byte_range` and `fill` for inner chunks of shards.
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

    enum CodingKeys: String, CodingKey {
        case image, level, url, axes, region, array, sharded, unit, count
        case missingObjects = "missing_objects"
    }
}
