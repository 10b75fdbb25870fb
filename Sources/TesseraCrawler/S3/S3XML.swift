import Foundation

/// One page of a ListObjectsV2 answer.
struct ListObjectsPage: Sendable {
    var objects: [(key: String, size: Int64, etag: String?, lastModified: String?)] = []
    var prefixes: [String] = []
    var nextContinuationToken: String?
}

/// Reads S3's XML answers — ListObjectsV2 pages (requested with `encoding-type=url`) and `<Error>` bodies — with a
/// scanner made for their fixed, flat shape: a full XML parse costs more than a listing's round trip, and a
/// re-crawl of an unchanged bucket is mostly listings. Anything unexpected is refused.
enum S3XML {
    static func listPage(_ data: Data) throws -> ListObjectsPage {
        let document = ListingScanner(Array(data))
        guard document.isComplete(root: "ListBucketResult") else {
            throw S3Error.malformed("not a complete <ListBucketResult> document: \(String(decoding: data.prefix(200), as: UTF8.self))")
        }
        var page = ListObjectsPage()
        for block in document.blocks("Contents") {
            guard let key = document.text("Key", in: block).map(decodeKey) else { throw S3Error.malformed("a listed object has no Key") }
            page.objects.append((key, Int64(document.text("Size", in: block) ?? "") ?? 0, document.text("ETag", in: block),
                                 document.text("LastModified", in: block)))
        }
        for block in document.blocks("CommonPrefixes") {
            if let prefix = document.text("Prefix", in: block) { page.prefixes.append(decodeKey(prefix)) }
        }
        if document.text("IsTruncated", in: document.whole) == "true" {
            page.nextContinuationToken = document.text("NextContinuationToken", in: document.whole)
        }
        return page
    }

    /// `Code` and `Message` of an `<Error>` body, when the body is one.
    static func error(_ data: Data) -> (code: String, message: String?)? {
        let document = ListingScanner(Array(data))
        guard document.isComplete(root: "Error"), let code = document.text("Code", in: document.whole) else { return nil }
        return (code, document.text("Message", in: document.whole))
    }

    /// `encoding-type=url` keys are form-encoded: `+` is a space, `%2B` a plus.
    static func decodeKey(_ text: String) -> String {
        let utf8 = text.utf8
        // Most keys need nothing: no escapes, no spaces.
        guard utf8.contains(where: { $0 == UInt8(ascii: "%") || $0 == UInt8(ascii: "+") }) else { return text }
        var bytes = [UInt8]()
        bytes.reserveCapacity(utf8.count)
        var index = utf8.startIndex
        while index != utf8.endIndex {
            let byte = utf8[index]
            utf8.formIndex(after: &index)
            if byte == UInt8(ascii: "+") {
                bytes.append(UInt8(ascii: " "))
            } else if byte == UInt8(ascii: "%"), let high = hexValue(utf8, at: index),
                      let low = hexValue(utf8, at: utf8.index(after: index)) {
                bytes.append(high << 4 | low)
                utf8.formIndex(&index, offsetBy: 2)
            } else {
                bytes.append(byte)
            }
        }
        return String(validating: bytes, as: UTF8.self) ?? text
    }

    private static func hexValue(_ utf8: String.UTF8View, at index: String.UTF8View.Index) -> UInt8? {
        guard index < utf8.endIndex else { return nil }
        switch utf8[index] {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): return utf8[index] - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): return utf8[index] - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): return utf8[index] - UInt8(ascii: "A") + 10
        default: return nil
        }
    }
}

/// Finds elements of a flat, attribute-free XML vocabulary (S3's list answers) by their tags.
struct ListingScanner {
    let bytes: [UInt8]

    init(_ bytes: [UInt8]) {
        self.bytes = bytes
    }

    var whole: Range<Int> { 0..<bytes.count }

    /// The document opens `<root` and, trailing whitespace aside, ends with `</root>`: a cut body is refused.
    func isComplete(root: String) -> Bool {
        var end = bytes.count
        while end > 0, [0x20, 0x0A, 0x0D, 0x09].contains(bytes[end - 1]) { end -= 1 }
        let close = Array("</\(root)>".utf8)
        return end >= close.count && bytes[(end - close.count)..<end].elementsEqual(close)
            && find(Array("<\(root)".utf8), in: 0..<end) != nil
    }

    /// The contents of every `<name>…</name>`.
    func blocks(_ name: String) -> [Range<Int>] {
        let open = Array("<\(name)>".utf8), close = Array("</\(name)>".utf8)
        var found: [Range<Int>] = []
        var position = 0
        while let start = find(open, in: position..<bytes.count), let end = find(close, in: start + open.count..<bytes.count) {
            found.append(start + open.count..<end)
            position = end + close.count
        }
        return found
    }

    /// The unescaped text of the first `<name>…</name>` within `range`.
    func text(_ name: String, in range: Range<Int>) -> String? {
        let open = Array("<\(name)>".utf8), close = Array("</\(name)>".utf8)
        guard let start = find(open, in: range), let end = find(close, in: start + open.count..<range.upperBound) else { return nil }
        return Self.unescape(bytes[start + open.count..<end])
    }

    private func find(_ pattern: [UInt8], in range: Range<Int>) -> Int? {
        guard let first = pattern.first, range.count >= pattern.count else { return nil }
        var index = range.lowerBound
        let last = range.upperBound - pattern.count
        while index <= last {
            if bytes[index] == first, bytes[index..<index + pattern.count].elementsEqual(pattern) { return index }
            index += 1
        }
        return nil
    }

    /// XML's five named entities and numeric character references.
    static func unescape(_ text: ArraySlice<UInt8>) -> String {
        guard text.contains(UInt8(ascii: "&")) else { return String(decoding: text, as: UTF8.self) }
        var result = ""
        var rest = Substring(String(decoding: text, as: UTF8.self))
        while let ampersand = rest.firstIndex(of: "&") {
            result += rest[..<ampersand]
            guard let semicolon = rest[ampersand...].firstIndex(of: ";") else { break }
            let entity = rest[rest.index(after: ampersand)..<semicolon]
            let named = ["amp": "&", "lt": "<", "gt": ">", "quot": "\"", "apos": "'"]
            if let character = named[String(entity)] {
                result += character
            } else if entity.hasPrefix("#"), let code = entity.hasPrefix("#x") ? UInt32(entity.dropFirst(2), radix: 16) : UInt32(entity.dropFirst()),
                      let scalar = Unicode.Scalar(code) {
                result.unicodeScalars.append(scalar)
            } else {
                result += rest[ampersand...semicolon]
            }
            rest = rest[rest.index(after: semicolon)...]
        }
        return result + rest
    }
}
