/// Where and how a `sharding_indexed` array stores each shard's index of inner chunks
/// (Zarr v3 sharding codec: `chunksPerShard` × (offset, nbytes) uint64 pairs, optionally followed by a CRC32C).
public struct ShardIndexLayout: Sendable, Hashable {
    public enum Location: String, Sendable { case start, end }

    public var location: Location
    public var byteOrder: ZarrArrayMetadata.ByteOrder
    /// Whether a 4-byte CRC32C of the entries follows them (`crc32c` in `index_codecs`).
    public var checksum: Bool
    /// Inner chunks per shard along each dimension.
    public var chunksPerShard: [Int64]

    /// The index's size in bytes: 16 per inner chunk, plus 4 for the checksum.
    public var byteCount: Int64 {
        chunksPerShard.reduce(16, *) + (checksum ? 4 : 0)
    }

    /// The shard holding an inner chunk, and the chunk's position in that shard's index (C order).
    public func locate(_ innerIndices: [Int64]) -> (shard: [Int64], entry: Int64) {
        var shard: [Int64] = []
        shard.reserveCapacity(innerIndices.count)
        var entry: Int64 = 0
        for (index, perShard) in zip(innerIndices, chunksPerShard) {
            shard.append(index / perShard)
            entry = entry * perShard + index % perShard
        }
        return (shard, entry)
    }
}

extension ZarrArrayMetadata {
    /// The shard index layout, when inner chunks can be addressed by byte range: the sharding codec comes
    /// first (no array→array codec reorders the shard before it) and its index codecs are `bytes` and
    /// optionally `crc32c`. `nil` for unsharded arrays and for layouts only a whole-shard read can serve.
    public var shardIndexLayout: ShardIndexLayout? {
        guard let shardShape, let first = codecs.arrayValue?.first, first["name"] == .string("sharding_indexed"),
              let configuration = first["configuration"] else { return nil }
        let location = configuration["index_location"]?.stringValue ?? "end"
        var byteOrder = ByteOrder.little
        var checksum = false
        for codec in configuration["index_codecs"]?.arrayValue ?? [] {
            switch codec["name"]?.stringValue {
            case "bytes": byteOrder = codec["configuration"]?["endian"]?.stringValue == "big" ? .big : .little
            case "crc32c": checksum = true
            default: return nil
            }
        }
        guard let resolvedLocation = ShardIndexLayout.Location(rawValue: location) else { return nil }
        return ShardIndexLayout(location: resolvedLocation, byteOrder: byteOrder, checksum: checksum,
                                chunksPerShard: zip(shardShape, chunkShape).map { $0 / $1 })
    }
}
