extension ZarrArrayMetadata {
    /// Reads a Zarr v2 `.zarray` document.
    public static func decodeV2(_ document: JSONValue) throws -> ZarrArrayMetadata {
        let root = JSONReader(document)
        guard try root.required("zarr_format").int() == 2 else {
            throw MetadataError.invalid(path: "$.zarr_format", reason: "a .zarray must declare zarr_format 2")
        }
        let shape = try root.required("shape").dimensions(minimum: 0)
        let chunks = try root.required("chunks").dimensions(minimum: 1)
        guard shape.count == chunks.count else {
            throw MetadataError.invalid(path: "$.chunks", reason: "has \(chunks.count) dimensions but shape has \(shape.count)")
        }
        let dtype = try root.required("dtype")
        guard let typestr = dtype.value.stringValue else {
            throw MetadataError.unsupported(path: dtype.path, reason: "structured dtypes are not supported")
        }
        let (dataType, byteOrder) = try parseTypestr(typestr, path: dtype.path)
        let order = try root.child("order")?.string() ?? "C"
        guard order == "C" || order == "F" else {
            throw MetadataError.invalid(path: "$.order", reason: "must be \"C\" or \"F\", not \"\(order)\"")
        }
        // v2 says an absent separator MUST be read as "." (docs/v2/v2.0.rst, "Metadata").
        let separator = try root.child("dimension_separator")?.string() ?? "."
        guard separator == "." || separator == "/" else {
            throw MetadataError.invalid(path: "$.dimension_separator", reason: "must be \".\" or \"/\"")
        }
        return ZarrArrayMetadata(
            zarrFormat: 2,
            shape: shape,
            chunkShape: chunks,
            shardShape: nil,
            dataType: dataType,
            byteOrder: byteOrder,
            fillValue: document["fill_value"] ?? .null,
            order: order,
            codecs: .object(["compressor": document["compressor"] ?? .null, "filters": document["filters"] ?? .null]),
            chunkKeyEncoding: ChunkKeyEncoding(name: .v2, separator: separator),
            dimensionNames: nil
        )
    }

    /// Splits a NumPy typestr such as `<u2` or `|u1` into a v3 type name and a byte order.
    static func parseTypestr(_ typestr: String, path: String) throws -> (String, ByteOrder) {
        let characters = Array(typestr)
        guard characters.count >= 3, let size = Int(String(characters[2...])) else {
            throw MetadataError.invalid(path: path, reason: "\"\(typestr)\" is not a NumPy typestr")
        }
        let byteOrder: ByteOrder
        switch characters[0] {
        case "<": byteOrder = .little
        case ">": byteOrder = .big
        case "|": byteOrder = .notApplicable
        default: throw MetadataError.invalid(path: path, reason: "\"\(typestr)\" must start with <, > or |")
        }
        let kinds: [Character: String] = ["b": "bool", "i": "int", "u": "uint", "f": "float", "c": "complex"]
        guard let kind = kinds[characters[1]] else { return (typestr, byteOrder) }
        if kind == "bool" { return ("bool", .notApplicable) }
        return (kind + String(size * 8), size == 1 ? .notApplicable : byteOrder)
    }
}
