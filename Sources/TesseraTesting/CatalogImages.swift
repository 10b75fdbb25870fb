import TesseraCore
import TesseraStore

extension SQLCatalog {
    /// Every image answering `filter` (all images when nil), page after page.
    public func allImages(_ filter: SearchCondition?, limit: Int = 1000) async throws -> [ImageSummary] {
        var images: [ImageSummary] = []
        var request = SearchRequest(query: filter)
        request.page.limit = limit
        while true {
            let result = try await search(request)
            images += result.items.compactMap { if case .image(let image) = $0 { image } else { nil } }
            guard let next = result.nextAfter else { return images }
            request.page.after = next
        }
    }
}
