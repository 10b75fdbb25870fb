import Foundation

/// Opaque keyset cursors: the sort key of the last item seen, versioned and base64url-encoded.
enum Cursor {
    private static let prefix = "v1:"

    static func encode(_ sortKey: String) -> String {
        Data((prefix + sortKey).utf8).base64EncodedString()
            .replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_")
            .replacingOccurrences(of: "=", with: "")
    }

    /// The sort key in a cursor this server issued; anything else is a client error, never a silent restart.
    static func decode(_ cursor: String) throws -> String {
        var base64 = cursor.replacingOccurrences(of: "-", with: "+").replacingOccurrences(of: "_", with: "/")
        base64 += String(repeating: "=", count: (4 - base64.count % 4) % 4)
        guard let data = Data(base64Encoded: base64), let text = String(data: data, encoding: .utf8),
              text.hasPrefix(prefix) else {
            throw Problem.badRequest("cursor \"\(cursor)\" was not issued by this server; pass the next_cursor of a previous page, or omit it to start over")
        }
        return String(text.dropFirst(prefix.count))
    }
}
