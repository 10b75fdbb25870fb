import Foundation
import TesseraCore

/// Opaque keyset cursors: the sort key of the last item seen, with a check digest, base64url-encoded.
/// The digest catches edited or truncated cursors, which would otherwise restart or skip silently.
enum Cursor {
    private static let version = "v1"

    static func encode(_ sortKey: String) -> String {
        let payload = [version, sortKey, StableID.make("", sortKey)].joined(separator: "\u{0}")
        return Data(payload.utf8).base64EncodedString()
            .replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_")
            .replacingOccurrences(of: "=", with: "")
    }

    /// The sort key in a cursor this server issued; anything else is a client error, never a silent restart.
    static func decode(_ cursor: String) throws -> String {
        var base64 = cursor.replacingOccurrences(of: "-", with: "+").replacingOccurrences(of: "_", with: "/")
        base64 += String(repeating: "=", count: (4 - base64.count % 4) % 4)
        let parts = Data(base64Encoded: base64).flatMap { String(data: $0, encoding: .utf8) }?
            .split(separator: "\u{0}", omittingEmptySubsequences: false).map(String.init) ?? []
        guard parts.count == 3, parts[0] == version, parts[2] == StableID.make("", parts[1]) else {
            throw Problem.badRequest("cursor \"\(cursor)\" was not issued by this server; pass the next_cursor of a previous page, or omit it to start over")
        }
        return parts[1]
    }
}
