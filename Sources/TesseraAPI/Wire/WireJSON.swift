import Foundation
import Hummingbird
import NIOCore
import TesseraCore

/// The API's JSON encoding: snake_case keys come from each wire type's own coding keys; slashes stay unescaped
/// so URLs in answers can be copied as they are.
enum WireJSON {
    static func encode<T: Encodable>(_ value: T) throws -> Data {
        if let value = value as? WireValue { return Data(value.wire.jsonText.utf8) }
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.withoutEscapingSlashes, .sortedKeys]
        return try encoder.encode(value)
    }

    static func response<T: Encodable>(_ value: T, status: HTTPResponse.Status = .ok) throws -> Response {
        var headers = HTTPFields()
        headers[.contentType] = "application/json"
        return Response(status: status, headers: headers, body: .init(byteBuffer: ByteBuffer(data: try encode(value))))
    }
}

/// A body that is also a `JSONValue`, written by its own writer: on a page of images JSONEncoder cost more than
/// the queries answering it. Its `Encodable` form is the same value, for bodies that nest it.
protocol WireValue: Encodable {
    var wire: JSONValue { get }
}

extension WireValue {
    func encode(to encoder: Encoder) throws {
        try wire.encode(to: encoder)
    }
}

extension JSONValue {
    /// An optional as JSON: the value, or `null`.
    static func from<T>(_ value: T?, _ transform: (T) -> JSONValue) -> JSONValue {
        value.map(transform) ?? .null
    }
}

/// `{"items": [...], "next_cursor": "..." | null}`.
struct ListBody<Item: Encodable>: Encodable {
    let items: [Item]
    let nextCursor: String?

    enum CodingKeys: String, CodingKey {
        case items
        case nextCursor = "next_cursor"
    }

    func encode(to encoder: Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(items, forKey: .items)
        try container.encode(nextCursor, forKey: .nextCursor)
    }
}

extension ListBody: WireValue where Item: WireValue {
    var wire: JSONValue {
        .object(["items": .array(items.map(\.wire)), "next_cursor": .from(nextCursor, JSONValue.string)])
    }
}
