import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif

/// One page of a ListObjectsV2 answer.
struct ListObjectsPage: Sendable {
    var objects: [(key: String, size: Int64, etag: String?, lastModified: String?)] = []
    var prefixes: [String] = []
    var nextContinuationToken: String?
}

/// Reads S3's XML answers: ListObjectsV2 pages (requested with `encoding-type=url`) and `<Error>` bodies.
enum S3XML {
    static func listPage(_ data: Data) throws -> ListObjectsPage {
        let elements = try parse(data, root: "ListBucketResult")
        var page = ListObjectsPage()
        var truncated = false
        for element in elements {
            switch element.path {
            case ["ListBucketResult", "Contents"]:
                guard let key = element.fields["Key"].map(decodeKey) else { throw S3Error.malformed("a listed object has no Key") }
                page.objects.append((key, Int64(element.fields["Size"] ?? "") ?? 0, element.fields["ETag"], element.fields["LastModified"]))
            case ["ListBucketResult", "CommonPrefixes"]:
                if let prefix = element.fields["Prefix"] { page.prefixes.append(decodeKey(prefix)) }
            case ["ListBucketResult"]:
                truncated = element.fields["IsTruncated"] == "true"
                page.nextContinuationToken = element.fields["NextContinuationToken"]
            default:
                break
            }
        }
        if !truncated { page.nextContinuationToken = nil }
        return page
    }

    /// `Code` and `Message` of an `<Error>` body, when the body is one.
    static func error(_ data: Data) -> (code: String, message: String?)? {
        guard let elements = try? parse(data, root: "Error"),
              let fields = elements.first(where: { $0.path == ["Error"] })?.fields, let code = fields["Code"] else { return nil }
        return (code, fields["Message"])
    }

    /// `encoding-type=url` keys are form-encoded: `+` is a space, `%2B` a plus.
    static func decodeKey(_ text: String) -> String {
        text.replacingOccurrences(of: "+", with: " ").removingPercentEncoding ?? text
    }

    struct Element {
        var path: [String]
        var fields: [String: String]
    }

    /// Every element that has text-only children, with those children's texts; fails on broken or foreign XML.
    private static func parse(_ data: Data, root: String) throws -> [Element] {
        let collector = Collector()
        let parser = XMLParser(data: data)
        parser.delegate = collector
        // On Linux `parse()` may report success for a truncated document: check the error and the root too.
        guard parser.parse(), parser.parserError == nil, collector.closedRoot == root else {
            throw S3Error.malformed("not a complete <\(root)> document: \(parser.parserError.map { "\($0)" } ?? String(decoding: data.prefix(200), as: UTF8.self))")
        }
        return collector.elements
    }

    private final class Collector: NSObject, XMLParserDelegate {
        var stack: [(name: String, fields: [String: String])] = []
        var text = ""
        var elements: [Element] = []
        var closedRoot: String?

        func parser(_ parser: XMLParser, didStartElement name: String, namespaceURI: String?, qualifiedName: String?,
                    attributes: [String: String] = [:]) {
            stack.append((name, [:]))
            text = ""
        }

        func parser(_ parser: XMLParser, foundCharacters string: String) {
            text += string
        }

        func parser(_ parser: XMLParser, didEndElement name: String, namespaceURI: String?, qualifiedName: String?) {
            let element = stack.removeLast()
            if element.fields.isEmpty, !stack.isEmpty {
                stack[stack.count - 1].fields[name] = text
            } else {
                elements.append(Element(path: stack.map(\.name) + [name], fields: element.fields))
            }
            if stack.isEmpty { closedRoot = name }
            text = ""
        }
    }
}
