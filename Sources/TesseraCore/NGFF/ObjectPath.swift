import Foundation

/// Object-store paths: checks on the relative paths metadata points at, and URL building from them.
public enum ObjectPath {
    /// Accepts a relative path of plain segments; refuses anything that could leave the node it belongs to.
    public static func relative(_ path: String, at jsonPath: String) throws -> String {
        let trimmed = path.hasSuffix("/") ? String(path.dropLast()) : path
        let segments = trimmed.split(separator: "/", omittingEmptySubsequences: false)
        let decoded = trimmed.removingPercentEncoding ?? trimmed
        guard !trimmed.isEmpty, !trimmed.hasPrefix("/"), !trimmed.contains("\\"), !trimmed.contains(":"),
              !decoded.split(separator: "/").contains(where: { $0 == ".." || $0 == "." }),
              !segments.contains(where: { $0.isEmpty || $0 == "." || $0 == ".." }) else {
            throw MetadataError.invalid(path: jsonPath, reason: "\"\(path)\" is not a relative path below this node")
        }
        return trimmed
    }

    /// Percent-encodes each segment of a relative key, keeping the `/` between segments.
    public static func encode(_ key: String) -> String {
        key.split(separator: "/", omittingEmptySubsequences: false)
            .map { $0.addingPercentEncoding(withAllowedCharacters: unreserved) ?? String($0) }
            .joined(separator: "/")
    }

    /// `base` (already a URL, ending in `/` or not) joined with an unencoded relative key.
    public static func url(_ base: String, appending key: String) -> String {
        guard !key.isEmpty else { return base }
        return (base.hasSuffix("/") ? base : base + "/") + encode(key)
    }

    /// RFC 3986 unreserved characters: everything else in a segment is percent-encoded.
    private static let unreserved: CharacterSet = {
        var set = CharacterSet()
        set.insert(charactersIn: "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~")
        return set
    }()
}
