import Foundation
import TesseraCore

/// Opaque keyset cursors: the list they page, the catalog's position in it, and a check digest, base64url-encoded.
/// The digest catches edited or truncated cursors, which would otherwise restart or skip silently; the list name
/// keeps a cursor of one list (or of one search level and sort) from paging another.
enum Cursor {
    private static let version = "v2"

    static func encode(_ position: String, list: String) -> String {
        let payload = [version, list, position, StableID.make(list, position)].joined(separator: "\u{0}")
        return Data(payload.utf8).base64EncodedString()
            .replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_")
            .replacingOccurrences(of: "=", with: "")
    }

    /// The position in a cursor this server issued for `list`; anything else is a client error, never a silent restart.
    static func decode(_ cursor: String, list: String) throws -> String {
        var base64 = cursor.replacingOccurrences(of: "-", with: "+").replacingOccurrences(of: "_", with: "/")
        base64 += String(repeating: "=", count: (4 - base64.count % 4) % 4)
        let parts = Data(base64Encoded: base64).flatMap { String(data: $0, encoding: .utf8) }?
            .split(separator: "\u{0}", omittingEmptySubsequences: false).map(String.init) ?? []
        guard parts.count == 4, parts[0] == version, parts[3] == StableID.make(parts[1], parts[2]) else {
            throw Problem.badRequest("cursor \"\(cursor)\" was not issued by this server; pass the next_cursor of a previous page, or omit it to start over")
        }
        guard parts[1] == list else {
            throw Problem.badRequest("this cursor pages \(parts[1]), not \(list); pass the next_cursor of a previous page of the same list")
        }
        return parts[2]
    }
}
