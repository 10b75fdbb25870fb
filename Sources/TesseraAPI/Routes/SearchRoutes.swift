import Foundation
import Hummingbird
import NIOCore
import TesseraCore

/// `POST /v1/search`: a JSON boolean query; results at the level asked for, with total and facets.
struct SearchRoutes {
    let store: CatalogStore
    let options: APIOptions

    /// A search body is a query, not data: larger ones are refused before they are read.
    static let maximumBodySize = 64 * 1024
    /// Chunk entries inlined in one answer, over all its images.
    static let maximumInlineChunks: Int64 = 100_000

    func add(to router: Router<some RequestContext>) {
        router.post("/v1/search") { request, _ in try await search(request) }
    }

    func search(_ request: Request) async throws -> Response {
        try QueryParameters(request: request).allowOnly(["format"])
        let format = try ListFormat.negotiate(request)
        let document = try await Self.document(request)
        var search = document.search
        let list = "search/\(search.level.rawValue)/\(search.sort.rawValue)"
        search.page = PageRequest(after: try document.cursor.map { try Cursor.decode($0, list: list) }, limit: document.limit)
        guard format == .json else {
            guard document.include.isEmpty else {
                throw Problem.badRequest("include is answered in JSON pages; exports carry chunk_url_template instead")
            }
            return try await SearchExport.response(search, format: format, arrayLevel: document.arrayLevel, store: store,
                                                   pageSize: options.exportPageSize)
        }
        let result = try await SearchExport.run(search, store: store)
        let head = SearchHead(
            level: search.level.rawValue, sort: search.sort.rawValue, total: result.total, totalExact: result.totalIsExact,
            facets: Dictionary(uniqueKeysWithValues: result.facets.map { ($0.facet.name, $0.values.map(FacetValueItem.init)) }),
            nextCursor: result.nextAfter.map { Cursor.encode($0, list: list) })
        var body = ByteBuffer(data: try WireJSON.encode(head).dropLast())
        body.writeString(",\"items\":[")
        for (position, item) in try await items(result.items, document: document).enumerated() {
            if position > 0 { body.writeStaticString(",") }
            var item = item
            body.writeBuffer(&item)
        }
        body.writeString("]}")
        var headers = HTTPFields()
        headers[.contentType] = "application/json"
        return Response(status: .ok, headers: headers, body: .init(byteBuffer: body))
    }

    /// The body, read up to its limit (and kept on the request, so it may be read again).
    static func body(_ request: inout Request) async throws -> ByteBuffer {
        do {
            return try await request.collectBody(upTo: maximumBodySize)
        } catch is NIOTooManyBytesError {
            throw Problem(.contentTooLarge, "a search body holds at most \(maximumBodySize) bytes; split the query")
        }
    }

    /// The body read, parsed and checked; every problem points at its part of the body.
    static func document(_ request: Request) async throws -> SearchDocument {
        var request = request
        let bytes = try await body(&request)
        let json: JSONValue
        do {
            json = try JSONValue.parse(Data(buffer: bytes))
        } catch {
            throw Problem(.badRequest, "the body is not JSON: \(error)", errors: [.init(pointer: "", detail: "not JSON")])
        }
        do {
            return try SearchDocument.parse(json)
        } catch {
            throw Problem(.badRequest, "the search is not valid: " + error.problems.map { "\($0.pointer.isEmpty ? "body" : $0.pointer): \($0.detail)" }
                .joined(separator: "; "), errors: error.problems)
        }
    }

    /// Each result as JSON; image results carry their level's array metadata, and chunks when asked.
    private func items(_ items: [SearchResult.Item], document: SearchDocument) async throws -> [ByteBuffer] {
        let images = items.compactMap { if case .image(let image) = $0 { image } else { nil } }
        let hits = try await ImageHits.make(images, level: document.arrayLevel, store: store)
        let chunks = document.include.contains("chunks") ? try await inlineChunks(hits, region: document.region) : [:]
        var encoded: [ByteBuffer] = []
        var nextHit = hits.makeIterator()
        for item in items {
            switch item {
            case .image:
                guard let hit = nextHit.next() else { continue }
                var buffer = ByteBuffer(data: try WireJSON.encode(hit))
                if var inline = chunks[hit.image.id] {
                    buffer.moveWriterIndex(to: buffer.writerIndex - 1)
                    buffer.writeBuffer(&inline)
                    buffer.writeStaticString("}")
                }
                encoded.append(buffer)
            case .well(let well): encoded.append(ByteBuffer(data: try WireJSON.encode(WellHitItem(well))))
            case .plate(let plate): encoded.append(ByteBuffer(data: try WireJSON.encode(PlateHitItem(plate))))
            case .study(let study): encoded.append(ByteBuffer(data: try WireJSON.encode(StudyHitItem(study))))
            }
        }
        return encoded
    }

    /// `,"chunks":{…}` for each image: the chunk objects (or inner chunks of shards, with byte ranges) holding the
    /// region at the image's chosen level. A region that does not fit an image is said so for that image alone.
    private func inlineChunks(_ hits: [ImageHitItem], region given: [String: String]) async throws -> [String: ByteBuffer] {
        var listings: [(id: String, listing: ChunkListing?, problem: String?)] = []
        var total: Int64 = 0
        for hit in hits {
            guard let level = hit.level, let axes = hit.axes else { continue }
            if let stray = given.keys.sorted().first(where: { name in !axes.contains { $0.name == name } }) {
                listings.append((hit.image.id, nil, "region axis \(stray) is not an axis of this image (\(axes.map(\.name).joined(separator: ", ")))"))
                continue
            }
            do {
                let region = try AxisRange.region(axes: axes.map(\.name), shape: level.metadata.shape) { given[$0] }
                let layout = options.fetcher == nil ? nil : level.metadata.shardIndexLayout
                total += ChunkListing.grid(for: level, layout: layout).chunkCount(region)
                guard total <= Self.maximumInlineChunks else {
                    throw Problem.badRequest("the region covers more than \(Self.maximumInlineChunks) chunks over this page's images; narrow the region or lower limit")
                }
                listings.append((hit.image.id, try await ChunkListing.prepare(level: level, region: region, fetcher: options.fetcher,
                                                                           cache: options.shardIndexes), nil))
            } catch let problem as Problem where problem.status == .badRequest && total <= Self.maximumInlineChunks {
                listings.append((hit.image.id, nil, problem.detail))
            }
        }
        var inline: [String: ByteBuffer] = [:]
        for (id, listing, problem) in listings {
            var buffer = ByteBuffer()
            guard let listing else {
                buffer.writeString(",\"chunks\":null,\"chunks_problem\":")
                JSONText.writeString(problem ?? "", to: &buffer)
                inline[id] = buffer
                continue
            }
            let sharded = listing.level.metadata.shardShape != nil
            buffer.writeString(",\"chunks\":{\"region\":[")
            buffer.writeString(listing.region.ranges.map { "[\($0.lowerBound),\($0.upperBound)]" }.joined(separator: ","))
            buffer.writeString("],\"unit\":\"\(sharded && listing.layout == nil ? "shard" : "chunk")\",\"count\":\(listing.grid.chunkCount(listing.region)),\"items\":[")
            for (position, slice) in listing.grid.chunks(in: listing.region).enumerated() {
                if position > 0 { buffer.writeStaticString(",") }
                listing.writeEntry(slice, to: &buffer)
            }
            buffer.writeString("]}")
            inline[id] = buffer
        }
        return inline
    }
}

/// Image summaries joined with their array metadata, for lists and searches alike.
enum ImageHits {
    static func make(_ images: [ImageSummary], level: Int, store: CatalogStore) async throws -> [ImageHitItem] {
        let arrays = try await store.imageArrays(ids: images.map(\.id), level: level)
        return images.map { ImageHitItem($0, arrays: arrays[$0.id]) }
    }
}
