/// An ordered list of key/value pairs in a namespace, as OMERO map annotations hold curated facts.
/// Keys repeat (two organisms, a phenotype mapped to two terms, split values).
public struct MapAnnotation: Sendable, Hashable {
    public struct Pair: Sendable, Hashable {
        public var key: String
        public var value: String
        /// The term the value names, for the keys that name terms (`Gene Symbol` in the gene namespace, …).
        public var term: Term?
        public var source: Provenance

        public init(key: String, value: String, term: Term? = nil, source: Provenance) {
            self.key = key
            self.value = value
            self.term = term
            self.source = source
        }
    }

    public var namespace: String
    public var pairs: [Pair]

    /// Pairs get the terms their namespace and key stand for.
    public init(namespace: String, pairs: [Pair]) {
        self.namespace = namespace
        self.pairs = pairs.map { pair in
            var pair = pair
            if pair.term == nil, !pair.value.isEmpty, let kind = TermKeys.kind(namespace: namespace, key: pair.key) {
                pair.term = kind == .compound && pair.key.uppercased().hasSuffix("SMILES") ? .smiles(pair.value) : Term(kind: kind, value: pair.value)
            }
            return pair
        }
    }

    /// The first key/value pair that occurs twice; OMERO refuses such annotations.
    var duplicatePair: Pair? {
        var seen = Set<[String]>()
        return pairs.first { !seen.insert([$0.key, $0.value]).inserted }
    }

    /// What makes annotations of a namespace with primary keys one shared annotation: the namespace and the
    /// set of its primary-key pairs. `nil` when a primary key is missing (the row gets no such annotation).
    func identity(primaryKeys: [String]) -> String? {
        let keys = Set(primaryKeys)
        guard keys.isSubset(of: pairs.map(\.key)) else { return nil }
        let values = Set(pairs.filter { keys.contains($0.key) }.map { "\($0.key)\u{1F}\($0.value)" })
        return ([namespace] + values.sorted()).joined(separator: "\u{1E}")
    }
}

/// Where a curated value came from: the object, and for tables the 1-based record and the column.
public struct Provenance: Sendable, Hashable, Codable {
    public var url: String
    public var row: Int?
    public var column: String?

    public init(url: String, row: Int? = nil, column: String? = nil) {
        self.url = url
        self.row = row
        self.column = column
    }
}
