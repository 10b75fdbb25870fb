import Foundation
import Hummingbird
import NIOCore
import TesseraCore

/// The chunk entries covering a region of one level, streamed. Unsharded arrays list their chunk objects.
/// Sharded arrays list inner chunks with their shard's URL and byte range, read from shard indexes (one
/// ranged GET per shard, none when cached); empty inner chunks and absent shards are marked as fill.
struct ChunkListing: Sendable {
    let level: ArrayLevel
    let region: Region
    let layout: ShardIndexLayout?
    /// Shard indexes by shard URL, fetched before the answer starts so a failure is still a problem response.
    let indexes: [String: ShardIndex?]

    /// Shard indexes fetched at once.
    static let fetchWidth = 16
    /// Bytes of JSON gathered before each write to the connection.
    static let writeSize = 64 * 1024

    /// Inner chunks by byte range when the layout allows and objects can be fetched; else whole objects.
    static func grid(for level: ArrayLevel, layout: ShardIndexLayout?) -> ChunkGrid {
        let metadata = level.metadata
        return layout == nil ? metadata.objectGrid : ChunkGrid(shape: metadata.shape, chunkShape: metadata.chunkShape, keys: metadata.chunkKeyEncoding)
    }

    /// Prepares a listing, reading the indexes of every shard the region touches.
    static func prepare(level: ArrayLevel, region: Region, fetcher: ObjectFetcher?, cache: ShardIndexCache) async throws -> ChunkListing {
        guard let fetcher, let layout = level.metadata.shardIndexLayout else {
            return ChunkListing(level: level, region: region, layout: nil, indexes: [:])
        }
        let shardURLs = level.metadata.objectGrid.chunks(in: region).map { level.url + "/" + $0.key }
        let indexes = try await fetchIndexes(shardURLs, layout: layout, fetcher: fetcher, cache: cache)
        return ChunkListing(level: level, region: region, layout: layout, indexes: indexes)
    }

    var grid: ChunkGrid { Self.grid(for: level, layout: layout) }

    /// Writes `"chunks":[...]` entries to `writer`, a batch at a time, after `head` (the answer's other members).
    func stream(head: ByteBuffer, to writer: inout any ResponseBodyWriter) async throws {
        var buffer = head
        var first = true
        for slice in grid.chunks(in: region) {
            if !first { buffer.writeStaticString(",") }
            first = false
            writeEntry(slice, to: &buffer)
            if buffer.readableBytes >= Self.writeSize {
                try await writer.write(buffer)
                buffer.clear()
            }
        }
        buffer.writeStaticString("]}")
        try await writer.write(buffer)
        try await writer.finish(nil)
    }

    /// One entry as JSON, written by hand: this runs once per chunk, up to a million times per answer.
    func writeEntry(_ slice: ChunkSlice, to buffer: inout ByteBuffer) {
        var key = slice.key
        var range: (offset: UInt64, length: UInt64)?
        var fill: Bool?
        if let layout {
            let (shard, entry) = layout.locate(slice.indices)
            key = level.metadata.chunkKeyEncoding.key(shard)
            let index = indexes[level.url + "/" + key].flatMap { $0 }
            range = index?.range(ofEntry: entry)
            fill = range == nil
        }
        buffer.writeString("{\"key\":")
        JSONText.writeString(key, to: &buffer)
        buffer.writeString(",\"url\":")
        JSONText.writeString(level.url + "/" + key, to: &buffer)
        buffer.writeString(",\"indices\":")
        JSONText.writeIntegers(slice.indices, to: &buffer)
        buffer.writeString(",\"origin\":")
        JSONText.writeIntegers(slice.origin, to: &buffer)
        buffer.writeString(",\"extent\":")
        JSONText.writeIntegers(slice.validExtent, to: &buffer)
        buffer.writeString(",\"selection\":[")
        for (position, part) in slice.selection.enumerated() {
            if position > 0 { buffer.writeStaticString(",") }
            JSONText.writeIntegers([part.lowerBound, part.upperBound], to: &buffer)
        }
        buffer.writeStaticString("]")
        if let range {
            buffer.writeString(",\"byte_range\":[\(range.offset),\(range.offset + range.length - 1)]")
        }
        if let fill { buffer.writeString(fill ? ",\"fill\":true" : ",\"fill\":false") }
        buffer.writeStaticString("}")
    }

    /// Fetches the indexes of the given shards, a fixed number at a time.
    private static func fetchIndexes(_ urls: [String], layout: ShardIndexLayout, fetcher: ObjectFetcher,
                                      cache: ShardIndexCache) async throws -> [String: ShardIndex?] {
        var indexes: [String: ShardIndex?] = [:]
        var pending = urls.makeIterator()
        try await withThrowingTaskGroup(of: (String, ShardIndex?).self) { group in
            func startNext() {
                guard let url = pending.next() else { return }
                group.addTask {
                    do {
                        return (url, try await cache.index(of: url, layout: layout, fetcher: fetcher))
                    } catch {
                        throw Problem(.badGateway, "could not read the shard index of \(url): \(error)")
                    }
                }
            }
            for _ in 0..<fetchWidth { startNext() }
            while let (url, index) = try await group.next() {
                indexes[url] = index
                startNext()
            }
        }
        return indexes
    }
}

/// JSON text written straight into a buffer.
enum JSONText {
    static func writeString(_ text: String, to buffer: inout ByteBuffer) {
        buffer.writeStaticString("\"")
        defer { buffer.writeStaticString("\"") }
        // Keys and percent-encoded URLs need no escaping: copy them whole.
        guard text.utf8.contains(where: { $0 < 0x20 || $0 == UInt8(ascii: "\"") || $0 == UInt8(ascii: "\\") }) else {
            buffer.writeString(text)
            return
        }
        for byte in text.utf8 {
            switch byte {
            case UInt8(ascii: "\""): buffer.writeStaticString("\\\"")
            case UInt8(ascii: "\\"): buffer.writeStaticString("\\\\")
            case 0..<0x20: buffer.writeString(String(format: "\\u%04x", byte))
            default: buffer.writeInteger(byte)
            }
        }
    }

    static func writeIntegers(_ values: [Int64], to buffer: inout ByteBuffer) {
        buffer.writeStaticString("[")
        for (position, value) in values.enumerated() {
            if position > 0 { buffer.writeStaticString(",") }
            buffer.writeString(String(value))
        }
        buffer.writeStaticString("]")
    }
}
