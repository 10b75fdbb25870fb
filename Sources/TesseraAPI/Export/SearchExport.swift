import Hummingbird
import TesseraCore

/// Searches run for the API: one page as JSON, or every result from the cursor on as an export.
enum SearchExport {
    static func run(_ search: SearchRequest, store: CatalogStore) async throws -> SearchResult {
        do {
            return try await store.search(search)
        } catch is SearchPositionError {
            throw Problem.badRequest("the cursor does not fit this search's level and sort; pass the next_cursor of a previous page of the same search")
        }
    }

    /// Every result from `search`'s cursor on, streamed a page at a time, without total or facets.
    static func response(_ search: SearchRequest, format: ListFormat, arrayLevel: Int, store: CatalogStore,
                         pageSize: Int) async throws -> Response {
        var search = search
        search.facets = []
        search.countsTotal = false
        search.page.limit = pageSize
        func pages<Row: TableRow & Sendable>(_ rows: @escaping @Sendable ([SearchResult.Item]) async throws -> [Row]) async throws -> Response {
            try await ListExport(format: format) { [search] after in
                var request = search
                request.page.after = after
                let result = try await run(request, store: store)
                return (try await rows(result.items), result.nextAfter)
            }.response(from: search.page.after)
        }
        switch search.level {
        case .image:
            return try await pages { items in
                try await ImageHits.make(items.compactMap { if case .image(let image) = $0 { image } else { nil } }, level: arrayLevel, store: store)
            }
        case .well: return try await pages { $0.compactMap { if case .well(let well) = $0 { WellHitItem(well) } else { nil } } }
        case .plate: return try await pages { $0.compactMap { if case .plate(let plate) = $0 { PlateHitItem(plate) } else { nil } } }
        case .study: return try await pages { $0.compactMap { if case .study(let study) = $0 { StudyHitItem(study) } else { nil } } }
        }
    }
}
