import Hummingbird
import TesseraCore

/// Validation of query parameters; every failure names the parameter and the accepted form.
struct QueryParameters {
    let request: Request

    var names: Set<String> { Set(request.uri.queryParameters.map { String($0.key) }) }

    func single(_ name: String) throws -> String? {
        let values = request.uri.queryParameters.getAll(name)
        guard values.count <= 1 else { throw Problem.badRequest("give \(name) at most once") }
        return values.first.map { String($0) }
    }

    /// Refuses parameters the endpoint does not know, so a typo is not silently ignored.
    func allowOnly(_ allowed: Set<String>) throws {
        if let unknown = names.subtracting(allowed).sorted().first {
            throw Problem.badRequest("unknown query parameter \"\(unknown)\"; this endpoint accepts \(allowed.sorted().joined(separator: ", "))")
        }
    }

    /// `cursor` and `limit` of a page of `list` (the name cursors carry).
    func page(of list: String) throws -> PageRequest {
        PageRequest(after: try single("cursor").map { try Cursor.decode($0, list: list) },
                    limit: try limit(default: 100, maximum: PageRequest.maximumLimit))
    }

    func limit(default fallback: Int, maximum: Int) throws -> Int {
        try integer("limit", in: 1...maximum) ?? fallback
    }

    func integer(_ name: String, in range: ClosedRange<Int>) throws -> Int? {
        guard let text = try single(name) else { return nil }
        guard let value = Int(text), range.contains(value) else {
            throw Problem.badRequest("\(name) must be an integer from \(range.lowerBound) to \(range.upperBound), not \"\(text)\"")
        }
        return value
    }
}
