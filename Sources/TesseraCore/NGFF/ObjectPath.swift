import Foundation

/// Object-store paths: checks on the relative paths metadata points at, and URL building from them.
public enum ObjectPath {
    /// Accepts a relative path of plain segments; refuses anything that could leave the node it belongs to.
    public static func relative(_ path: String, at jsonPath: @autoclosure () -> String) throws -> String {
        let trimmed = path.hasSuffix("/") ? String(path.dropLast()) : path
        let segments = trimmed.split(separator: "/", omittingEmptySubsequences: false)
        // Byte checks, not Foundation's substring search: every path in every multiscale and well passes here.
        let bytes = trimmed.utf8
        let decoded = bytes.contains(UInt8(ascii: "%")) ? trimmed.removingPercentEncoding ?? trimmed : trimmed
        guard !bytes.isEmpty, bytes.first != UInt8(ascii: "/"),
              !bytes.contains(where: { $0 == UInt8(ascii: "\\") || $0 == UInt8(ascii: ":") }),
              !decoded.split(separator: "/").contains(where: { $0 == ".." || $0 == "." }),
              !segments.contains(where: { $0.isEmpty || $0 == "." || $0 == ".." }) else {
            throw MetadataError.invalid(path: jsonPath(), reason: "\"\(path)\" is not a relative path below this node")
        }
        return trimmed
    }

    /// Percent-encodes each segment of a relative key, keeping the `/` between segments.
    public static func encode(_ key: some StringProtocol) -> String {
        percentEncode(key, keepingSlashes: true)
    }

    /// Every byte of the UTF-8 text percent-encoded but RFC 3986's unreserved characters (`/` too).
    public static func encodeSegment(_ text: some StringProtocol) -> String {
        percentEncode(text, keepingSlashes: false)
    }

    // One pass over the bytes, and none of them copied when nothing needs encoding (most keys): a crawl
    // builds a URL for every object it reads.
    private static func percentEncode(_ text: some StringProtocol, keepingSlashes: Bool) -> String {
        var text = String(text)
        return text.withUTF8 { bytes in
            func kept(_ byte: UInt8) -> Bool {
                unreserved[Int(byte)] || (keepingSlashes && byte == UInt8(ascii: "/"))
            }
            guard !bytes.allSatisfy(kept) else { return nil }
            var encoded = [UInt8]()
            encoded.reserveCapacity(bytes.count * 3)
            for byte in bytes {
                if kept(byte) {
                    encoded.append(byte)
                } else {
                    encoded.append(UInt8(ascii: "%"))
                    encoded.append(hexDigits[Int(byte >> 4)])
                    encoded.append(hexDigits[Int(byte & 0x0F)])
                }
            }
            return String(decoding: encoded, as: UTF8.self)
        } ?? text
    }

    /// RFC 3986's unreserved characters, by byte.
    private static let unreserved: [Bool] = (0...255).map { byte in
        switch UInt8(byte) {
        case UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "0")...UInt8(ascii: "9"),
             UInt8(ascii: "-"), UInt8(ascii: "."), UInt8(ascii: "_"), UInt8(ascii: "~"):
            return true
        default:
            return false
        }
    }

    private static let hexDigits = Array("0123456789ABCDEF".utf8)

    /// `base` (already a URL, ending in `/` or not) joined with an unencoded relative key.
    public static func url(_ base: String, appending key: String) -> String {
        guard !key.isEmpty else { return base }
        return (base.hasSuffix("/") ? base : base + "/") + encode(key)
    }
}
