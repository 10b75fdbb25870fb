extension ZarrArrayMetadata {
    /// Reads the `zarr.json` of a Zarr v3 array.
    public static func decodeV3(_ document: JSONValue) throws -> ZarrArrayMetadata {
        let root = JSONReader(document)
        guard try root.required("zarr_format").int() == 3 else {
            throw MetadataError.invalid(path: "$.zarr_format", reason: "a zarr.json must declare zarr_format 3")
        }
        guard try root.required("node_type").string() == "array" else {
            throw MetadataError.invalid(path: "$.node_type", reason: "expected \"array\"")
        }
        let shape = try root.required("shape").dimensions(minimum: 0)
        let grid = try root.required("chunk_grid")
        guard try grid.required("name").string() == "regular" else {
            throw MetadataError.unsupported(path: "\(grid.path).name", reason: "only the regular chunk grid is supported")
        }
        let gridShape = try grid.required("configuration").required("chunk_shape").dimensions(minimum: 1)
        guard gridShape.count == shape.count else {
            throw MetadataError.invalid(path: "\(grid.path).configuration.chunk_shape", reason: "has \(gridShape.count) dimensions but shape has \(shape.count)")
        }
        if let transformers = root.child("storage_transformers"), !(try transformers.elements().isEmpty) {
            throw MetadataError.unsupported(path: transformers.path, reason: "storage transformers remap chunk keys and are not supported")
        }
        let dataTypeReader = try root.required("data_type")
        let dataType = dataTypeReader.value.stringValue ?? dataTypeReader.value.jsonText
        let codecs = try root.required("codecs")
        let chain = try CodecChain(codecs)
        let names = try root.child("dimension_names")?.elements().map { $0.value.stringValue }
        if let names, names.count != shape.count {
            throw MetadataError.invalid(path: "$.dimension_names", reason: "has \(names.count) entries but shape has \(shape.count)")
        }
        var chunkShape = gridShape
        var shardShape: [Int64]?
        if let inner = chain.innerChunkShape {
            guard inner.count == shape.count, zip(gridShape, inner).allSatisfy({ $0 % $1 == 0 }) else {
                throw MetadataError.invalid(path: "$.codecs", reason: "sharding chunk_shape \(inner) must divide the shard shape \(gridShape)")
            }
            chunkShape = inner
            shardShape = gridShape
        }
        return ZarrArrayMetadata(
            zarrFormat: 3,
            shape: shape,
            chunkShape: chunkShape,
            shardShape: shardShape,
            dataType: dataType,
            byteOrder: chain.byteOrder,
            fillValue: try root.required("fill_value").value,
            // v3 has no `order`: a transpose codec, if any, is part of `codecs`.
            order: "C",
            codecs: codecs.value,
            chunkKeyEncoding: try decodeKeyEncoding(root.required("chunk_key_encoding")),
            dimensionNames: names
        )
    }

    private static func decodeKeyEncoding(_ reader: JSONReader) throws -> ChunkKeyEncoding {
        let name = try reader.required("name").string()
        let configured = try reader.child("configuration")?.child("separator")?.string()
        switch name {
        case "default": return ChunkKeyEncoding(name: .default, separator: configured ?? "/")
        case "v2": return ChunkKeyEncoding(name: .v2, separator: configured ?? ".")
        default: throw MetadataError.unsupported(path: "\(reader.path).name", reason: "unknown chunk key encoding \"\(name)\"")
        }
    }
}

/// What the catalog indexes from a v3 codec list: the byte order and the sharding layout.
struct CodecChain {
    var byteOrder: ZarrArrayMetadata.ByteOrder = .notApplicable
    var innerChunkShape: [Int64]?

    init(_ codecs: JSONReader) throws {
        for codec in try codecs.elements() {
            let name = try codec.required("name").string()
            let configuration = codec.child("configuration")
            switch name {
            case "bytes":
                byteOrder = try Self.endian(configuration)
            case "sharding_indexed":
                guard let configuration else {
                    throw MetadataError.invalid(path: "\(codec.path).configuration", reason: "sharding_indexed needs a configuration")
                }
                innerChunkShape = try configuration.required("chunk_shape").dimensions(minimum: 1)
                let inner = try CodecChain(configuration.required("codecs"))
                byteOrder = inner.byteOrder
                if inner.innerChunkShape != nil {
                    throw MetadataError.unsupported(path: "\(configuration.path).codecs", reason: "nested sharding is not supported")
                }
            default:
                continue
            }
        }
    }

    private static func endian(_ configuration: JSONReader?) throws -> ZarrArrayMetadata.ByteOrder {
        switch try configuration?.child("endian")?.string() {
        case nil: return .notApplicable
        case "little": return .little
        case "big": return .big
        case let other?: throw MetadataError.invalid(path: "$.codecs", reason: "unknown endian \"\(other)\"")
        }
    }
}
