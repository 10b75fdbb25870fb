import Foundation
import Hummingbird

/// The representations of a list: one JSON page (the default), or the whole list from the cursor on, streamed
/// as NDJSON, CSV or TSV. Chosen by `format=` or else by `Accept`.
enum ListFormat: String, CaseIterable, Sendable {
    case json, ndjson, csv, tsv

    var contentType: String {
        switch self {
        case .json: "application/json"
        case .ndjson: "application/x-ndjson"
        case .csv: "text/csv; charset=utf-8; header=present"
        case .tsv: "text/tab-separated-values; charset=utf-8"
        }
    }

    /// Media types a client may ask for in `Accept`, with the format each selects.
    private static let mediaTypes: [(String, ListFormat)] = [
        ("application/json", .json), ("application/x-ndjson", .ndjson), ("application/ndjson", .ndjson),
        ("application/jsonl", .ndjson), ("text/csv", .csv), ("text/tab-separated-values", .tsv),
    ]

    static func negotiate(_ request: Request) throws -> ListFormat {
        if let name = try QueryParameters(request: request).single("format") {
            guard let format = ListFormat(rawValue: name) else {
                throw Problem.badRequest("format must be one of \(allCases.map(\.rawValue).joined(separator: ", ")), not \"\(name)\"")
            }
            return format
        }
        guard let header = request.headers[.accept], !header.trimmingSpaces().isEmpty else { return .json }
        for type in QualityList.acceptable(header) {
            if type == "*/*" || type == "application/*" { return .json }
            if let match = mediaTypes.first(where: { $0.0 == type }) { return match.1 }
        }
        throw Problem(.notAcceptable, "lists are available as \(mediaTypes.map(\.0).joined(separator: ", ")); ask for one in Accept or with format=")
    }
}
