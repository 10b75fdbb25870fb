import Foundation
import TesseraCore

/// The `arrays` table's columns and their mapping to and from `ArrayLevel` metadata.
enum ArrayColumns {
    static let names = ["image_id", "level", "path", "url", "zarr_format", "shape", "chunk_shape", "shard_shape",
                        "data_type", "byte_order", "fill_value", "element_order", "codecs", "chunk_key_encoding",
                        "chunk_key_separator", "dimension_names", "scale", "translation", "document"]

    static func values(_ array: ArrayRecord) -> [SQLValue] {
        let level = array.level
        let metadata = level.metadata
        return [.text(array.imageID), .int(Int64(level.level)), .text(level.path), .text(level.url),
                .int(Int64(metadata.zarrFormat)), .text(json(metadata.shape)), .text(json(metadata.chunkShape)),
                metadata.shardShape.map { .text(json($0)) } ?? .null, .text(metadata.dataType),
                .text(metadata.byteOrder.rawValue), .text(metadata.fillValue.jsonText), .text(metadata.order),
                .text(metadata.codecs.jsonText), .text(metadata.chunkKeyEncoding.name.rawValue),
                .text(metadata.chunkKeyEncoding.separator), metadata.dimensionNames.map { .text(json($0)) } ?? .null,
                level.scale.map { .text(json($0)) } ?? .null, level.translation.map { .text(json($0)) } ?? .null,
                .text(array.document)]
    }

    /// The SELECT list (after `image_id`) that `level(_:)` reads.
    static let selectList = "level, path, url, zarr_format, shape, chunk_shape, shard_shape, data_type, byte_order, fill_value, element_order, codecs, chunk_key_encoding, chunk_key_separator, dimension_names, scale, translation"

    static func level(_ row: SQLRow) throws -> ArrayLevel {
        let metadata = ZarrArrayMetadata(
            zarrFormat: Int(row.int(3) ?? 0),
            shape: try integers(row.string(4)),
            chunkShape: try integers(row.string(5)),
            shardShape: try row.text(6).map(integers),
            dataType: row.string(7),
            byteOrder: ZarrArrayMetadata.ByteOrder(rawValue: row.string(8)) ?? .notApplicable,
            fillValue: try value(row.string(9)),
            order: row.string(10),
            codecs: try value(row.string(11)),
            chunkKeyEncoding: ChunkKeyEncoding(name: ChunkKeyEncoding.Name(rawValue: row.string(12)) ?? .default,
                                               separator: row.string(13)),
            dimensionNames: try row.text(14).map(optionalStrings))
        return ArrayLevel(level: Int(row.int(0) ?? 0), path: row.string(1), url: row.string(2), metadata: metadata,
                          scale: try row.text(15).map(doubles), translation: try row.text(16).map(doubles))
    }

    // JSON columns are written by `JSONValue`'s writer: `JSONEncoder` cost a crawl more than the SQL did.

    static func json(_ values: [Int64]) -> String {
        JSONValue.numbers(values).jsonText
    }

    static func json(_ values: [Double]) -> String {
        JSONValue.numbers(values).jsonText
    }

    static func json(_ values: [String?]) -> String {
        JSONValue.array(values.map { $0.map { .string($0) } ?? .null }).jsonText
    }

    // JSON columns are read back with the catalog's own parser: with JSONDecoder, decoding a page of images'
    // array metadata cost more than the queries answering it.

    static func value(_ text: String) throws -> JSONValue {
        try JSONValue.parse(Data(text.utf8))
    }

    static func integers(_ text: String) throws -> [Int64] {
        try elements(text) { $0.intValue }
    }

    static func doubles(_ text: String) throws -> [Double] {
        try elements(text) { $0.doubleValue }
    }

    static func strings(_ text: String) throws -> [String] {
        try elements(text) { $0.stringValue }
    }

    static func optionalStrings(_ text: String) throws -> [String?] {
        try elements(text) { element in element == .null ? .some(nil) : element.stringValue.map { .some($0) } }
    }

    static func axes(_ text: String) throws -> [Multiscale.Axis] {
        try elements(text) { element in
            element["name"]?.stringValue.map { Multiscale.Axis(name: $0, type: element["type"]?.stringValue, unit: element["unit"]?.stringValue) }
        }
    }

    private static func elements<T>(_ text: String, _ element: (JSONValue) -> T?) throws -> [T] {
        guard let values = try value(text).arrayValue else { throw ColumnError(text: text) }
        return try values.map { value in
            guard let converted = element(value) else { throw ColumnError(text: text) }
            return converted
        }
    }
}

/// A JSON column that does not hold what the catalog wrote there.
struct ColumnError: Error, CustomStringConvertible {
    let text: String
    var description: String { "unexpected JSON in a catalog column: \(text.prefix(200))" }
}
