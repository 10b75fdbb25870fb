import Testing
@testable import TesseraCore

@Suite struct ZarrArrayMetadataTests {
    @Test func readsAZarrV2ArrayWrittenByZarrPython() throws {
        let document = try JSONValue.parse(FixtureFiles.example(
            "idr0028-pascualvargas-rhogtpases/screenB/LM2_ONTARGETPlus_1A.ome.zarr/F/9/0/s0/.zarray"))
        let array = try ZarrArrayMetadata.decodeV2(document)
        #expect(array.shape == [2, 64, 64])
        #expect(array.chunkShape == [1, 32, 32])
        #expect(array.dataType == "uint16")
        #expect(array.byteOrder == .little)
        #expect(array.chunkKeyEncoding == ChunkKeyEncoding(name: .v2, separator: "/"))
        #expect(array.codecs["compressor"]?["id"] == .string("blosc"))
        #expect(array.shardShape == nil)
    }

    @Test func v2DefaultsAndTypestrs() throws {
        let array = try ZarrArrayMetadata.decodeV2(FixtureFiles.json(
            #"{"zarr_format": 2, "shape": [10, 20], "chunks": [5, 5], "dtype": ">u2", "compressor": null, "fill_value": "NaN", "order": "F", "filters": null}"#))
        #expect(array.byteOrder == .big)
        #expect(array.order == "F")
        #expect(array.fillValue == .string("NaN"))
        // An absent dimension_separator MUST be read as "." (Zarr v2 spec).
        #expect(array.chunkKeyEncoding == ChunkKeyEncoding(name: .v2, separator: "."))
        #expect(try ZarrArrayMetadata.parseTypestr("|u1", path: "$").1 == .notApplicable)
        #expect(try ZarrArrayMetadata.parseTypestr("<f8", path: "$").0 == "float64")
        #expect(try ZarrArrayMetadata.parseTypestr("|b1", path: "$").0 == "bool")
    }

    @Test(arguments: [
        (#"{"zarr_format": 2, "shape": [-1], "chunks": [1], "dtype": "<u2", "fill_value": 0}"#, "$.shape[0]"),
        (#"{"zarr_format": 2, "shape": [4], "chunks": [0], "dtype": "<u2", "fill_value": 0}"#, "$.chunks[0]"),
        (#"{"zarr_format": 2, "shape": [4, 4], "chunks": [2], "dtype": "<u2", "fill_value": 0}"#, "$.chunks"),
        (#"{"zarr_format": 2, "shape": [4], "chunks": [2], "dtype": [["a", "<u2"]], "fill_value": 0}"#, "$.dtype"),
        (#"{"zarr_format": 2, "shape": [99999999999999999999], "chunks": [2], "dtype": "<u2"}"#, "$.shape[0]"),
        (#"{"zarr_format": 2, "chunks": [2], "dtype": "<u2"}"#, "$.shape"),
    ])
    func badV2ArraysNameTheOffendingPath(document: String, path: String) throws {
        let error = #expect(throws: MetadataError.self) { try ZarrArrayMetadata.decodeV2(FixtureFiles.json(document)) }
        switch error {
        case .invalid(let reported, _)?, .unsupported(let reported, _)?: #expect(reported == path)
        case nil: break
        }
    }

    @Test func readsAShardedV3ArrayWrittenByZarrPython() throws {
        let document = try JSONValue.parse(FixtureFiles.example(
            "idr0094-ellinger-sarscov2/screenA/ESP0025769.ome.zarr/H/10/0/s0/zarr.json"))
        let array = try ZarrArrayMetadata.decodeV3(document)
        #expect(array.shape == [1, 64, 64])
        #expect(array.shardShape == [1, 64, 64])
        #expect(array.chunkShape == [1, 32, 32])
        #expect(array.objectShape == [1, 64, 64])
        // This array's inner chunks are big-endian; the byte order comes from the inner bytes codec.
        #expect(array.byteOrder == .big)
        #expect(array.chunkKeyEncoding == ChunkKeyEncoding(name: .default, separator: "/"))
        #expect(array.dimensionNames == ["c", "y", "x"])
    }

    @Test func refusesWhatCannotBeResolvedToKeys() throws {
        let irregular = #"{"zarr_format": 3, "node_type": "array", "shape": [4], "data_type": "uint8", "chunk_grid": {"name": "rectilinear", "configuration": {}}, "chunk_key_encoding": {"name": "default"}, "fill_value": 0, "codecs": [{"name": "bytes"}]}"#
        #expect(throws: MetadataError.unsupported(path: "$.chunk_grid.name", reason: "only the regular chunk grid is supported")) {
            try ZarrArrayMetadata.decodeV3(FixtureFiles.json(irregular))
        }
        let transformed = #"{"zarr_format": 3, "node_type": "array", "shape": [4], "data_type": "uint8", "chunk_grid": {"name": "regular", "configuration": {"chunk_shape": [2]}}, "chunk_key_encoding": {"name": "default"}, "fill_value": 0, "codecs": [{"name": "bytes"}], "storage_transformers": [{"name": "x"}]}"#
        #expect(throws: MetadataError.self) { try ZarrArrayMetadata.decodeV3(FixtureFiles.json(transformed)) }
    }

    @Test func v3KeyEncodingDefaults() throws {
        let v2Keys = #"{"zarr_format": 3, "node_type": "array", "shape": [4, 4], "data_type": "float32", "chunk_grid": {"name": "regular", "configuration": {"chunk_shape": [2, 2]}}, "chunk_key_encoding": {"name": "v2"}, "fill_value": "0x7fc00000", "codecs": [{"name": "bytes", "configuration": {"endian": "little"}}]}"#
        let array = try ZarrArrayMetadata.decodeV3(FixtureFiles.json(v2Keys))
        #expect(array.chunkKeyEncoding == ChunkKeyEncoding(name: .v2, separator: "."))
        #expect(array.fillValue == .string("0x7fc00000"))
        #expect(array.byteOrder == .little)
    }
}
