/// A map annotation as catalogued: shared or per row, with the wells, images, containers or study it is on.
public struct MapAnnotationRecord: Sendable, Hashable {
    public struct Subject: Sendable, Hashable {
        public enum Kind: String, Sendable { case study, container, well, image }
        public var kind: Kind
        public var id: String

        public init(_ kind: Kind, _ id: String) {
            self.kind = kind
            self.id = id
        }
    }

    public var annotation: MapAnnotation
    /// Whether the annotation stands for every row with the same primary-key values (`primary_group_keys`).
    public var shared: Bool
    public var subjects: [Subject]
    /// The wells and images the curation addresses it to, catalogued or not.
    public var addresses: Set<AnnotationTable.Address>

    public init(annotation: MapAnnotation, shared: Bool = false, subjects: [Subject], addresses: Set<AnnotationTable.Address> = []) {
        self.annotation = annotation
        self.shared = shared
        self.subjects = subjects
        self.addresses = addresses
    }
}

/// An annotation-table row whose plate and well (or dataset and image) matched nothing catalogued.
public struct UnmatchedRow: Sendable, Hashable {
    public var source: Provenance
    public var address: String

    public init(source: Provenance, address: String) {
        self.source = source
        self.address = address
    }
}

/// The map annotations of one study's tables, shared as omero-py's `MapAnnotationManager` shares them: one
/// annotation per namespace and set of primary-key pairs, later rows adding the pairs it lacks.
public struct MapAnnotationSet: Sendable {
    public private(set) var entries: [(annotation: MapAnnotation, shared: Bool, rows: [AnnotationTable.Address])] = []
    private var byIdentity: [String: Int] = [:]

    public init() {}

    /// Adds every row of a table; rows lacking a primary key of a namespace get no annotation there.
    public mutating func add(_ table: AnnotationTable) {
        for row in table.rows {
            for annotation in row.annotations {
                guard let keys = table.primaryKeys[annotation.namespace] else {
                    entries.append((annotation, false, [row.address]))
                    continue
                }
                guard let identity = annotation.identity(primaryKeys: keys) else { continue }
                if let index = byIdentity[identity] {
                    let present = Set(entries[index].annotation.pairs.map { [$0.key, $0.value] })
                    entries[index].annotation.pairs += annotation.pairs.filter { !present.contains([$0.key, $0.value]) }
                    entries[index].rows.append(row.address)
                } else {
                    byIdentity[identity] = entries.count
                    entries.append((annotation, true, [row.address]))
                }
            }
        }
    }
}
