import Foundation

/// One page of a ListObjectsV2 answer.
struct ListObjectsPage: Sendable {
    var objects: [(key: String, size: Int64, etag: String?, lastModified: String?)] = []
    var prefixes: [String] = []
    var nextContinuationToken: String?
}

/// Reads S3's XML answers — ListObjectsV2 pages (requested with `encoding-type=url`) and `<Error>` bodies — in one
/// pass made for their fixed, flat shape: a full XML parse costs more than a listing's round trip, and a re-crawl
/// of an unchanged bucket is mostly listings. Anything unexpected is refused.
enum S3XML {
    static func listPage(_ data: Data) throws -> ListObjectsPage {
        let document = XMLScanner(Array(data))
        var page = ListObjectsPage()
        var object: (key: String?, size: Int64, etag: String?, lastModified: String?) = (nil, 0, nil, nil)
        var truncated = false
        var token: String?
        let root = try? document.scan { event in
            switch event {
            case .leaf(let parent, let name, let text) where document.name(parent, is: "Contents"):
                if document.name(name, is: "Key") {
                    object.key = decodeKey(document.text(text))
                } else if document.name(name, is: "Size") {
                    object.size = Int64(document.text(text)) ?? 0
                } else if document.name(name, is: "ETag") {
                    object.etag = document.text(text)
                } else if document.name(name, is: "LastModified") {
                    object.lastModified = document.text(text)
                }
            case .end(let name) where document.name(name, is: "Contents"):
                guard let key = object.key else { throw S3Error.malformed("a listed object has no Key") }
                page.objects.append((key, object.size, object.etag, object.lastModified))
                object = (nil, 0, nil, nil)
            case .leaf(let parent, let name, let text) where document.name(parent, is: "CommonPrefixes") && document.name(name, is: "Prefix"):
                page.prefixes.append(decodeKey(document.text(text)))
            case .leaf(let parent, let name, let text) where document.name(parent, is: "ListBucketResult"):
                if document.name(name, is: "IsTruncated") {
                    truncated = document.text(text) == "true"
                } else if document.name(name, is: "NextContinuationToken") {
                    token = document.text(text)
                }
            default:
                break
            }
        }
        guard document.name(root, is: "ListBucketResult") else {
            throw S3Error.malformed("not a complete <ListBucketResult> document: \(String(decoding: data.prefix(200), as: UTF8.self))")
        }
        page.nextContinuationToken = truncated ? token : nil
        return page
    }

    /// `Code` and `Message` of an `<Error>` body, when the body is one.
    static func error(_ data: Data) -> (code: String, message: String?)? {
        let document = XMLScanner(Array(data))
        var code: String?, message: String?
        let root = try? document.scan { event in
            guard case .leaf(let parent, let name, let text) = event, document.name(parent, is: "Error") else { return }
            if document.name(name, is: "Code") {
                code = document.text(text)
            } else if document.name(name, is: "Message") {
                message = document.text(text)
            }
        }
        guard document.name(root, is: "Error"), let code else { return nil }
        return (code, message)
    }

    /// `encoding-type=url` keys are form-encoded: `+` is a space, `%2B` a plus.
    static func decodeKey(_ text: String) -> String {
        // Most keys need nothing: no escapes, no spaces. Looked for in the string's own bytes (the UTF-8 view's
        // generic search was 3–4% of a re-crawl's CPU).
        var text = text
        guard text.withUTF8({ $0.contains { $0 == UInt8(ascii: "%") || $0 == UInt8(ascii: "+") } }) else { return text }
        let utf8 = text.utf8
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

/// Reads an attribute-free XML vocabulary of elements holding either text or other elements (S3's answers) in one
/// pass: each text-only element is handed over with its parent's name, each other element's end with its name.
/// Declarations and comments are skipped, attributes ignored.
struct XMLScanner {
    /// A tag's name, as the bytes it spans in the document.
    typealias Name = Range<Int>

    enum Event {
        case leaf(parent: Name?, Name, text: Range<Int>)
        case end(Name)
    }

    let bytes: [UInt8]

    init(_ bytes: [UInt8]) {
        self.bytes = bytes
    }

    /// Hands every event to `body` and returns the root element's name; throws `S3Error.malformed` when the document
    /// ends before its root does (a body cut short) or an end tag does not match.
    func scan(_ body: (Event) throws -> Void) throws -> Name {
        let malformed = S3Error.malformed("not well-formed XML")
        var open: [Name] = []
        var index = 0
        while let start = position(of: UInt8(ascii: "<"), from: index) {
            guard start + 1 < bytes.count, let close = position(of: UInt8(ascii: ">"), from: start + 1) else { throw malformed }
            index = close + 1
            switch bytes[start + 1] {
            case UInt8(ascii: "?"), UInt8(ascii: "!"):
                continue
            case UInt8(ascii: "/"):
                guard let name = open.popLast(), same(name, self.name(start + 2..<close)) else { throw malformed }
                try body(.end(name))
                if open.isEmpty { return name }
            default:
                let name = self.name(start + 1..<close)
                if bytes[close - 1] == UInt8(ascii: "/") {
                    try body(.leaf(parent: open.last, name, text: index..<index))
                    if open.isEmpty { return name }
                } else if let end = position(of: UInt8(ascii: "<"), from: index), end + 1 < bytes.count,
                          bytes[end + 1] == UInt8(ascii: "/"), let endClose = position(of: UInt8(ascii: ">"), from: end),
                          same(name, self.name(end + 2..<endClose)) {
                    // Text up to the element's own end tag: a leaf.
                    try body(.leaf(parent: open.last, name, text: index..<end))
                    index = endClose + 1
                    if open.isEmpty { return name }
                } else {
                    open.append(name)
                }
            }
        }
        throw malformed
    }

    /// Whether a name read is `expected`, compared by bytes (no string is made of it).
    func name(_ name: Name?, is expected: StaticString) -> Bool {
        guard let name, name.count == expected.utf8CodeUnitCount else { return false }
        return bytes.withUnsafeBufferPointer { memcmp($0.baseAddress! + name.lowerBound, expected.utf8Start, name.count) == 0 }
    }

    /// The unescaped text of a leaf.
    func text(_ range: Range<Int>) -> String {
        Self.unescape(bytes[range])
    }

    /// A tag's name: what precedes its first space, slash or the end of the tag.
    private func name(_ tag: Range<Int>) -> Name {
        let end = bytes[tag].firstIndex { $0 == UInt8(ascii: " ") || $0 == UInt8(ascii: "/") || $0 == 0x0A || $0 == 0x09 || $0 == 0x0D }
        return tag.lowerBound..<(end ?? tag.upperBound)
    }

    private func same(_ a: Name, _ b: Name) -> Bool {
        a.count == b.count && bytes.withUnsafeBufferPointer { memcmp($0.baseAddress! + a.lowerBound, $0.baseAddress! + b.lowerBound, a.count) == 0 }
    }

    /// By `memchr`: a listing page is a quarter of a megabyte, and a byte-by-byte search cost three times as much.
    private func position(of byte: UInt8, from start: Int) -> Int? {
        guard start < bytes.count else { return nil }
        return bytes.withUnsafeBufferPointer { buffer in
            memchr(buffer.baseAddress! + start, Int32(byte), buffer.count - start).map { buffer.baseAddress!.distance(to: $0.assumingMemoryBound(to: UInt8.self)) }
        }
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
