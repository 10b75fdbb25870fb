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
    let count: Int64
    let chunks: [ChunkItem]

    enum CodingKeys: String, CodingKey {
        case image, level, url, axes, region, array, sharded, count, chunks
        case missingObjects = "missing_objects"
    }
}

struct ChunkItem: Encodable {
    let key, url: String
    let indices, origin: [Int64]
    /// The chunk's extent inside the array (edge chunks are cut by the array bounds).
    let extent: [Int64]
    /// The part of this chunk inside the region, `[start, stop)` per axis in chunk coordinates.
    let selection: [[Int64]]

    init(_ slice: ChunkSlice, levelURL: String) {
        key = slice.key
        url = levelURL + "/" + slice.key
        indices = slice.indices
        origin = slice.origin
        extent = slice.validExtent
        selection = slice.selection.map { [$0.lowerBound, $0.upperBound] }
    }
}
