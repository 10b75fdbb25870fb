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
        key.split(separator: "/", omittingEmptySubsequences: false).map { encodeSegment($0) }.joined(separator: "/")
    }

    /// Every byte of the UTF-8 text percent-encoded but RFC 3986's unreserved characters (`/` too).
    public static func encodeSegment(_ text: some StringProtocol) -> String {
        var encoded = [UInt8]()
        encoded.reserveCapacity(text.utf8.count)
        for byte in text.utf8 {
            switch byte {
            case UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "0")...UInt8(ascii: "9"),
                 UInt8(ascii: "-"), UInt8(ascii: "."), UInt8(ascii: "_"), UInt8(ascii: "~"):
                encoded.append(byte)
            default:
                encoded += [UInt8(ascii: "%"), hexDigits[Int(byte >> 4)], hexDigits[Int(byte & 0x0F)]]
            }
        }
        return String(decoding: encoded, as: UTF8.self)
    }

    private static let hexDigits = Array("0123456789ABCDEF".utf8)

    /// `base` (already a URL, ending in `/` or not) joined with an unencoded relative key.
    public static func url(_ base: String, appending key: String) -> String {
        guard !key.isEmpty else { return base }
        return (base.hasSuffix("/") ? base : base + "/") + encode(key)
    }
}
