/// The JSON body of `POST /v1/search`, checked: every problem is reported with the JSON Pointer (RFC 6901) of
/// the part that caused it, and the size of a query is bounded so one request cannot make the catalog work
/// without end.
public struct SearchDocument: Sendable, Hashable {
    public var search = SearchRequest()
    public var limit = 100
    public var cursor: String?
    /// Extra parts of image results, e.g. `chunks`.
    public var include: Set<String> = []
    /// Per axis name, `start:stop` (half-open) or one index, for `include: ["chunks"]`.
    public var region: [String: String] = [:]
    /// The resolution level whose array metadata image results carry; 0 is the full resolution.
    public var arrayLevel = 0

    public static let maximumDepth = 8
    public static let maximumConditions = 64
    public static let maximumTextLength = 256
    public static let maximumFacetLimit = 100
    public static let includable: Set<String> = ["chunks"]

    public struct Problem: Sendable, Hashable {
        public var pointer: String
        public var detail: String

        public init(pointer: String, detail: String) {
            self.pointer = pointer
            self.detail = detail
        }
    }

    public struct Invalid: Error, Sendable {
        public var problems: [Problem]
    }

    public init() {}

    public static func parse(_ body: JSONValue) throws(Invalid) -> SearchDocument {
        var parser = Parser()
        let document = parser.document(body)
        guard parser.problems.isEmpty else { throw Invalid(problems: parser.problems) }
        return document
    }

    private struct Parser {
        var problems: [Problem] = []
        var conditions = 0

        mutating func fail(_ pointer: String, _ detail: String) {
            problems.append(Problem(pointer: pointer, detail: detail))
        }

        mutating func document(_ body: JSONValue) -> SearchDocument {
            var document = SearchDocument()
            guard let members = body.objectValue else {
                fail("", "the body must be a JSON object, e.g. {\"query\": {\"gene\": \"ARHGAP5\"}}")
                return document
            }
            let known = ["query", "level", "sort", "facets", "facet_limit", "limit", "cursor", "include", "region", "array_level"]
            for key in members.keys.sorted() where !known.contains(key) {
                fail("/" + escape(key), "unknown member \"\(key)\"; a search takes \(known.joined(separator: ", "))")
            }
            if let query = members["query"] { document.search.query = condition(query, at: "/query", depth: 1) }
            if let level = members["level"] {
                if let value = level.stringValue, let parsed = SearchLevel(rawValue: value) {
                    document.search.level = parsed
                } else {
                    fail("/level", "level must be one of \(SearchLevel.allCases.map(\.rawValue).joined(separator: ", "))")
                }
            }
            if let sort = members["sort"] {
                let offered = SearchSort.offered(at: document.search.level)
                if let value = sort.stringValue, let parsed = SearchSort(rawValue: value), offered.contains(parsed) {
                    document.search.sort = parsed
                } else {
                    fail("/sort", "sort must be one of \(offered.map(\.rawValue).joined(separator: ", ")) for \(document.search.level.rawValue) results")
                }
            }
            if let facets = members["facets"] {
                if let names = facets.arrayValue, names.count <= SearchFacet.names.count {
                    for (index, name) in names.enumerated() {
                        if let facet = name.stringValue.flatMap(SearchFacet.init(name:)), !document.search.facets.contains(facet) {
                            document.search.facets.append(facet)
                        } else {
                            fail("/facets/\(index)", "facets are distinct names among \(SearchFacet.names.joined(separator: ", "))")
                        }
                    }
                } else {
                    fail("/facets", "facets must be a list of at most \(SearchFacet.names.count) names among \(SearchFacet.names.joined(separator: ", "))")
                }
            }
            document.search.facetLimit = integer(members["facet_limit"], at: "/facet_limit", in: 1...SearchDocument.maximumFacetLimit) ?? 10
            document.limit = integer(members["limit"], at: "/limit", in: 1...PageRequest.maximumLimit) ?? 100
            document.arrayLevel = integer(members["array_level"], at: "/array_level", in: 0...64) ?? 0
            if let cursor = members["cursor"], cursor != .null {
                if let text = cursor.stringValue { document.cursor = text } else { fail("/cursor", "cursor must be the next_cursor string of a previous page") }
            }
            if let include = members["include"] {
                if let names = include.arrayValue?.compactMap(\.stringValue), names.count == include.arrayValue?.count,
                   Set(names).isSubset(of: SearchDocument.includable) {
                    document.include = Set(names)
                } else {
                    fail("/include", "include must be a list of \(SearchDocument.includable.sorted().joined(separator: ", "))")
                }
            }
            if let region = members["region"] {
                if let axes = region.objectValue {
                    for (axis, range) in axes.sorted(by: { $0.key < $1.key }) {
                        switch range {
                        case .string(let text): document.region[axis] = text
                        case .int(let index): document.region[axis] = String(index)
                        default: fail("/region/" + escape(axis), "a range is \"start:stop\" (half-open) or one index")
                        }
                    }
                } else {
                    fail("/region", "region must map axis names to ranges, e.g. {\"y\": \"0:512\", \"x\": \"0:512\"}")
                }
            }
            if !document.region.isEmpty, !document.include.contains("chunks") {
                fail("/region", "a region selects chunks: add \"include\": [\"chunks\"]")
            }
            if document.include.contains("chunks"), document.search.level != .image {
                fail("/include", "chunks come with image results; set \"level\": \"image\"")
            }
            return document
        }

        mutating func integer(_ value: JSONValue?, at pointer: String, in range: ClosedRange<Int>) -> Int? {
            guard let value else { return nil }
            guard case .int(let number) = value, range.contains(Int(number)) else {
                fail(pointer, "\(pointer.dropFirst()) must be an integer from \(range.lowerBound) to \(range.upperBound)")
                return nil
            }
            return Int(number)
        }

        mutating func condition(_ value: JSONValue, at pointer: String, depth: Int) -> SearchCondition? {
            conditions += 1
            if conditions == SearchDocument.maximumConditions + 1 {
                fail(pointer, "a query holds at most \(SearchDocument.maximumConditions) conditions; split it into several searches")
            }
            guard depth <= SearchDocument.maximumDepth else {
                fail(pointer, "a query nests at most \(SearchDocument.maximumDepth) levels of and/or/not")
                return nil
            }
            guard let members = value.objectValue, !members.isEmpty else {
                fail(pointer, "a condition is an object such as {\"gene\": \"ARHGAP5\"}, {\"and\": [...]}, {\"or\": [...]} or {\"not\": {...}}")
                return nil
            }
            for operatorName in ["and", "or"] where members[operatorName] != nil {
                guard members.count == 1 else {
                    fail(pointer, "\"\(operatorName)\" stands alone in its object; put other conditions inside its list")
                    return nil
                }
                guard let operands = members[operatorName]?.arrayValue, !operands.isEmpty else {
                    fail(pointer + "/" + operatorName, "\"\(operatorName)\" takes a non-empty list of conditions")
                    return nil
                }
                let parsed = operands.enumerated().compactMap { condition($1, at: "\(pointer)/\(operatorName)/\($0)", depth: depth + 1) }
                guard parsed.count == operands.count else { return nil }
                return operatorName == "and" ? .all(parsed) : .any(parsed)
            }
            if let operand = members["not"] {
                guard members.count == 1 else {
                    fail(pointer, "\"not\" stands alone in its object and takes one condition")
                    return nil
                }
                return condition(operand, at: pointer + "/not", depth: depth + 1).map(SearchCondition.not)
            }
            return leaf(members, at: pointer)
        }

        mutating func leaf(_ members: [String: JSONValue], at pointer: String) -> SearchCondition? {
            let subjects = members.keys.filter { $0 == "study" || $0 == "key" || Term.Kind(rawValue: $0) != nil }.sorted()
            let allowed = Set(subjects + ["exact", "prefix"] + (subjects == ["key"] ? ["value"] : []))
            var valid = true
            for key in members.keys.sorted() where !allowed.contains(key) {
                fail(pointer + "/" + escape(key), "unknown condition \"\(key)\"; use a term kind (\(Term.Kind.allCases.map(\.rawValue).joined(separator: ", "))), study, key (with value), and, or, not; exact and prefix modify a condition")
                valid = false
            }
            guard subjects.count == 1, let subject = subjects.first else {
                if subjects.count > 1 { fail(pointer, "one condition per object: combine \(subjects.joined(separator: " and ")) with \"and\" or \"or\"") }
                else if valid { fail(pointer, "a condition needs what it compares, e.g. {\"gene\": \"ARHGAP5\"}") }
                return nil
            }
            let exact = flag(members["exact"], at: pointer + "/exact"), prefix = flag(members["prefix"], at: pointer + "/prefix")
            guard let text = text(members[subject], at: pointer + "/" + subject) else { return nil }
            guard valid else { return nil }
            let compared = SearchText(text, exact: exact, prefix: prefix)
            if subject == "study" { return .study(compared) }
            if subject == "key" {
                guard let value = members["value"] else { return .keyValue(key: SearchText(text, exact: exact), value: nil) }
                guard let valueText = self.text(value, at: pointer + "/value") else { return nil }
                // `prefix` applies to the value; the key is always compared whole.
                return .keyValue(key: SearchText(text, exact: exact), value: SearchText(valueText, exact: exact, prefix: prefix))
            }
            return Term.Kind(rawValue: subject).map { .term($0, compared) }
        }

        mutating func text(_ value: JSONValue?, at pointer: String) -> String? {
            guard let text = value?.stringValue, !text.trimmingSpaces().isEmpty else {
                fail(pointer, "\(pointer.split(separator: "/").last ?? "") needs a non-empty string")
                return nil
            }
            guard text.count <= SearchDocument.maximumTextLength else {
                fail(pointer, "at most \(SearchDocument.maximumTextLength) characters")
                return nil
            }
            return text
        }

        mutating func flag(_ value: JSONValue?, at pointer: String) -> Bool {
            guard let value else { return false }
            guard case .bool(let flag) = value else {
                fail(pointer, "\(pointer.split(separator: "/").last ?? "") is true or false")
                return false
            }
            return flag
        }

        /// RFC 6901: `~` and `/` in a member name.
        func escape(_ key: String) -> String {
            key.replacingOccurrences(of: "~", with: "~0").replacingOccurrences(of: "/", with: "~1")
        }
    }
}
