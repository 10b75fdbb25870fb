/// The facts about one Zarr array (v2 `.zarray` or v3 `zarr.json`) that a client needs to fetch and decode its chunks.
public struct ZarrArrayMetadata: Sendable, Hashable, Codable {
    public var zarrFormat: Int
    public var shape: [Int64]
    /// The unit a client decodes: the v2 `chunks`, the v3 regular grid's chunk shape, or a shard's inner chunk shape.
    public var chunkShape: [Int64]
    /// For `sharding_indexed` arrays, the shape of one shard object; `nil` when every chunk is its own object.
    public var shardShape: [Int64]?
    /// The v3 core name (`uint16`, `float32`, …) when the type is a plain number; otherwise the raw type as written.
    public var dataType: String
    public var byteOrder: ByteOrder
    public var fillValue: JSONValue
    /// Element order inside a chunk: `C` (row-major) or `F` (v2 `order: "F"`).
    public var order: String
    /// The decode recipe as written: v2 `{"compressor", "filters"}`, v3 the `codecs` list.
    public var codecs: JSONValue
    public var chunkKeyEncoding: ChunkKeyEncoding
    public var dimensionNames: [String?]?

    public enum ByteOrder: String, Sendable, Hashable, Codable {
        case little, big
        /// Single-byte types, where order does not apply.
        case notApplicable = "none"
    }

    /// The shape of one storage object: a shard, or a chunk for unsharded arrays.
    public var objectShape: [Int64] { shardShape ?? chunkShape }

    public var objectGrid: ChunkGrid { ChunkGrid(shape: shape, chunkShape: objectShape, keys: chunkKeyEncoding) }

    public init(zarrFormat: Int, shape: [Int64], chunkShape: [Int64], shardShape: [Int64]? = nil, dataType: String, byteOrder: ByteOrder, fillValue: JSONValue, order: String, codecs: JSONValue, chunkKeyEncoding: ChunkKeyEncoding, dimensionNames: [String?]? = nil) {
        self.zarrFormat = zarrFormat
        self.shape = shape
        self.chunkShape = chunkShape
        self.shardShape = shardShape
        self.dataType = dataType
        self.byteOrder = byteOrder
        self.fillValue = fillValue
        self.order = order
        self.codecs = codecs
        self.chunkKeyEncoding = chunkKeyEncoding
        self.dimensionNames = dimensionNames
    }
}
