import Hummingbird
import TesseraCore

/// `GET /v1/images`, `GET /v1/images/{id}` and `GET /v1/images/{id}/chunks`.
struct ImageRoutes {
    let store: CatalogStore
    let options: APIOptions
    /// The most chunk entries one answer may list (streamed, so memory stays flat); larger regions are
    /// refused with a hint to narrow them.
    static let maximumChunks: Int64 = 1_000_000

    /// Term filters by parameter name.
    static let termParameters: [String: Term.Kind] = Dictionary(uniqueKeysWithValues: Term.Kind.allCases.map { ($0.rawValue, $0) })

    func add(to router: Router<some RequestContext>) {
        router.get("/v1/images") { request, _ in try await list(request) }
        router.get("/v1/images/:id") { request, context in try await show(request, id: context.parameters.require("id")) }
        router.get("/v1/images/:id/chunks") { request, context in try await chunks(request, id: context.parameters.require("id")) }
    }

    func list(_ request: Request) async throws -> Response {
        let query = QueryParameters(request: request)
        try query.allowOnly(Set(Self.termParameters.keys).union(["study", "sort", "array_level", "limit", "cursor", "format"]))
        let format = try ListFormat.negotiate(request)
        var terms: [(kind: Term.Kind, value: String)] = []
        for (name, kind) in Self.termParameters.sorted(by: { $0.key < $1.key }) {
            for value in request.uri.queryParameters.getAll(name) {
                guard !value.isEmpty else { throw Problem.badRequest("\(name) needs a value, e.g. \(name)=…") }
                terms.append((kind, String(value)))
            }
        }
        var search = SearchRequest(query: .filters(study: try query.single("study"), terms))
        let sortText = try query.single("sort") ?? "natural"
        guard let sort = SearchSort(rawValue: sortText) else {
            throw Problem.badRequest("sort must be one of \(SearchSort.offered(at: .image).map(\.rawValue).joined(separator: ", ")), not \"\(sortText)\"")
        }
        search.sort = sort
        let list = "images/\(sort.rawValue)"
        search.page = try query.page(of: list)
        let arrayLevel = try query.integer("array_level", in: 0...64) ?? 0
        guard format == .json else { return try await SearchExport.response(search, format: format, arrayLevel: arrayLevel, store: store,
                                                                                         pageSize: options.exportPageSize) }
        search.countsTotal = false
        let result = try await SearchExport.run(search, store: store)
        let images = result.items.compactMap { if case .image(let image) = $0 { image } else { nil } }
        return try WireJSON.response(ListBody(items: try await ImageHits.make(images, level: arrayLevel, store: store),
                                              nextCursor: result.nextAfter.map { Cursor.encode($0, list: list) }))
    }

    func show(_ request: Request, id: String) async throws -> Response {
        try QueryParameters(request: request).allowOnly([])
        return try WireJSON.response(ImageBody(try await image(id)))
    }

    func chunks(_ request: Request, id: String) async throws -> Response {
        let image = try await image(id)
        let axisNames = image.axes.map(\.name)
        let query = QueryParameters(request: request)
        try query.allowOnly(Set(axisNames).union(["level"]))
        let levelText = try query.single("level") ?? "0"
        guard let levelNumber = Int(levelText), let level = image.levels.first(where: { $0.level == levelNumber }) else {
            throw Problem.badRequest("level must be one of \(image.levels.map { String($0.level) }.joined(separator: ", ")), not \"\(levelText)\"")
        }
        let region = try AxisRange.region(axes: axisNames, shape: level.metadata.shape) { try query.single($0) }
        let ranges = region.ranges
        let layout = options.fetcher == nil ? nil : level.metadata.shardIndexLayout
        let count = ChunkListing.grid(for: level, layout: layout).chunkCount(region)
        guard count <= Self.maximumChunks else {
            throw Problem.badRequest("the region covers \(count) chunks; at most \(Self.maximumChunks) are listed per request, so narrow the ranges")
        }
        let listing = try await ChunkListing.prepare(level: level, region: region, fetcher: options.fetcher, cache: options.shardIndexes)
        let sharded = level.metadata.shardShape != nil
        let head = ChunksBody(
            image: id, level: level.level, url: level.url, axes: axisNames,
            region: ranges.map { [$0.lowerBound, $0.upperBound] }, array: ArrayItem(level.metadata),
            missingObjects: "an object that answers 404 holds only fill_value",
            sharded: sharded, unit: sharded && listing.layout == nil ? "shard" : "chunk", count: count)
        // The head's closing brace gives way to the streamed chunk list.
        var buffer = ByteBuffer(data: try WireJSON.encode(head).dropLast())
        buffer.writeString(",\"chunks\":[")
        var headers = HTTPFields()
        headers[.contentType] = "application/json"
        return Response(status: .ok, headers: headers, body: ResponseBody { [buffer] writer in
            try await listing.stream(head: buffer, to: &writer)
        })
    }

    private func image(_ id: String) async throws -> ImageDetail {
        guard let image = try await store.image(id: id) else {
            throw Problem.notFound("no image \"\(id)\"; GET /v1/images finds images by study, gene, phenotype, compound or organism")
        }
        return image
    }
}

/// `start:stop` (half-open), `start:`, `:stop` or a single index; omitted means the whole axis.
enum AxisRange {
    /// The region `given` names axis by axis (nil for a whole axis) in an array of `shape`.
    static func region(axes: [String], shape: [Int64], given: (String) throws -> String?) throws -> Region {
        Region(try zip(axes, shape).map { axis, size in try parse(given(axis), axis: axis, size: size) })
    }

    static func parse(_ text: String?, axis: String, size: Int64) throws -> Range<Int64> {
        guard let text else { return 0..<size }
        let parts = text.split(separator: ":", maxSplits: 1, omittingEmptySubsequences: false)
        let start: Int64?, stop: Int64?
        if parts.count == 1 {
            start = Int64(parts[0])
            // The largest index has no next: refused below, never an overflow.
            stop = start.flatMap { $0 < .max ? $0 + 1 : nil }
        } else {
            start = parts[0].isEmpty ? 0 : Int64(parts[0])
            stop = parts[1].isEmpty ? size : Int64(parts[1])
        }
        guard let start, let stop, start >= 0, start < stop else {
            throw Problem.badRequest("\(axis)=\(text) is not a range; use start:stop with 0 <= start < stop (half-open), e.g. \(axis)=0:\(min(size, 64))")
        }
        guard start < size else {
            throw Problem.badRequest("\(axis)=\(text) starts outside the array; axis \(axis) has size \(size) at this level")
        }
        return start..<min(stop, size)
    }
}
