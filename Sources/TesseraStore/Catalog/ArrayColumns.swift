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
            shape: try decode(row.string(4)),
            chunkShape: try decode(row.string(5)),
            shardShape: try row.text(6).map { try decode($0) },
            dataType: row.string(7),
            byteOrder: ZarrArrayMetadata.ByteOrder(rawValue: row.string(8)) ?? .notApplicable,
            fillValue: try decode(row.string(9)),
            order: row.string(10),
            codecs: try decode(row.string(11)),
            chunkKeyEncoding: ChunkKeyEncoding(name: ChunkKeyEncoding.Name(rawValue: row.string(12)) ?? .default,
                                               separator: row.string(13)),
            dimensionNames: try row.text(14).map { try decode($0) })
        return ArrayLevel(level: Int(row.int(0) ?? 0), path: row.string(1), url: row.string(2), metadata: metadata,
                          scale: try row.text(15).map { try decode($0) }, translation: try row.text(16).map { try decode($0) })
    }

    static func json<T: Encodable>(_ value: T) -> String {
        String(decoding: (try? JSONEncoder().encode(value)) ?? Data(), as: UTF8.self)
    }

    static func decode<T: Decodable>(_ text: String) throws -> T {
        try JSONDecoder().decode(T.self, from: Data(text.utf8))
    }
}
