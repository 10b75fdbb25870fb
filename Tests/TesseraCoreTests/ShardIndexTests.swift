import Foundation
import Testing
@testable import TesseraCore

@Suite struct ShardIndexTests {
    static let labelShard = "idr0094-ellinger-sarscov2/screenA/ESP0025769.ome.zarr/E/2/0/labels/cells/s0"

    func labelArray() throws -> ZarrArrayMetadata {
        try ZarrArrayMetadata.decodeV3(JSONValue.parse(FixtureFiles.example(Self.labelShard + "/zarr.json")))
    }

    @Test func theLayoutComesFromTheShardingCodec() throws {
        let layout = try #require(try labelArray().shardIndexLayout)
        #expect(layout.location == .end)
        #expect(layout.byteOrder == .little)
        #expect(layout.checksum)
        #expect(layout.chunksPerShard == [1, 2, 2])
        #expect(layout.byteCount == 4 * 16 + 4)
    }

    @Test func decodesARealShardIndexWrittenByZarrPython() throws {
        // Given the index at the end of the label shard, whose inner chunk (0, 0, 1) is all background
        let array = try labelArray()
        let layout = try #require(array.shardIndexLayout)
        let shard = try FixtureFiles.example(Self.labelShard + "/c/0/0/0")
        let index = try ShardIndex.decode(shard.suffix(Int(layout.byteCount)), layout: layout)
        // Then that chunk is empty and the others have byte ranges inside the shard, before the index
        #expect(index.range(ofEntry: layout.locate([0, 0, 1]).entry) == nil)
        for inner in [[Int64(0), 0, 0], [0, 1, 0], [0, 1, 1]] {
            let range = try #require(index.range(ofEntry: layout.locate(inner).entry))
            #expect(range.length > 0 && range.offset + range.length <= UInt64(shard.count) - UInt64(layout.byteCount))
        }
        // A corrupted index fails its checksum; a short one its size
        var corrupted = Data(shard.suffix(Int(layout.byteCount)))
        corrupted[3] ^= 0xFF
        #expect(throws: ShardIndex.DecodeError.checksumMismatch) { try ShardIndex.decode(corrupted, layout: layout) }
        #expect(throws: ShardIndex.DecodeError.self) { try ShardIndex.decode(corrupted.dropFirst(), layout: layout) }
    }

    @Test func bigEndianIndexesWithoutChecksumDecode() throws {
        let layout = ShardIndexLayout(location: .start, byteOrder: .big, checksum: false, chunksPerShard: [2])
        var bytes = [UInt8](repeating: 0, count: 16) + [UInt8](repeating: 0xFF, count: 16)
        bytes[7] = 100
        bytes[15] = 42
        let index = try ShardIndex.decode(Data(bytes), layout: layout)
        let first = try #require(index.range(ofEntry: 0))
        #expect(first.offset == 100 && first.length == 42)
        #expect(index.range(ofEntry: 1) == nil)
    }

    @Test func innerChunksLocateTheirShardInCOrder() {
        let layout = ShardIndexLayout(location: .end, byteOrder: .little, checksum: true, chunksPerShard: [2, 3, 4])
        let origin = layout.locate([0, 0, 0]), corner = layout.locate([1, 2, 3]), next = layout.locate([3, 4, 5])
        #expect(origin.shard == [0, 0, 0] && origin.entry == 0)
        #expect(corner.shard == [0, 0, 0] && corner.entry == 23)
        // (3, 4, 5) is local (1, 1, 1) of shard (1, 1, 1): 1·12 + 1·4 + 1
        #expect(next.shard == [1, 1, 1] && next.entry == 17)
    }

    @Test func onlyLayoutsAddressableByByteRangeHaveOne() throws {
        func array(_ codecs: String) throws -> ZarrArrayMetadata {
            try ZarrArrayMetadata.decodeV3(FixtureFiles.json("""
                {"zarr_format": 3, "node_type": "array", "shape": [8], "data_type": "uint16", "fill_value": 0,
                 "chunk_grid": {"name": "regular", "configuration": {"chunk_shape": [4]}},
                 "chunk_key_encoding": {"name": "default"}, "codecs": \(codecs)}
                """))
        }
        let inner = #"{"chunk_shape": [2], "codecs": [{"name": "bytes", "configuration": {"endian": "little"}}]"#
        let atStart = try array(#"[{"name": "sharding_indexed", "configuration": \#(inner), "index_location": "start", "index_codecs": [{"name": "bytes", "configuration": {"endian": "big"}}]}}]"#)
        #expect(atStart.shardIndexLayout == ShardIndexLayout(location: .start, byteOrder: .big, checksum: false, chunksPerShard: [2]))
        let transposedFirst = try array(#"[{"name": "transpose", "configuration": {"order": [0]}}, {"name": "sharding_indexed", "configuration": \#(inner), "index_codecs": [{"name": "bytes"}]}}]"#)
        #expect(transposedFirst.shardIndexLayout == nil)
        let compressedIndex = try array(#"[{"name": "sharding_indexed", "configuration": \#(inner), "index_codecs": [{"name": "bytes"}, {"name": "zstd"}]}}]"#)
        #expect(compressedIndex.shardIndexLayout == nil)
        #expect(try array(#"[{"name": "bytes", "configuration": {"endian": "little"}}]"#).shardIndexLayout == nil)
    }

    @Test func crc32cMatchesTheKnownCheckValue() {
        // The CRC-32C check value of "123456789" (RFC 3720, appendix B.4).
        #expect(CRC32C.checksum(Array("123456789".utf8)) == 0xE306_9283)
    }
}
