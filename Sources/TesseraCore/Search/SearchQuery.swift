/// A boolean query over catalogued images, as `POST /v1/search` takes it.
///
/// Conditions hold for an image when its own annotations, its container's (plate or dataset) or its study's do;
/// a study, plate or well answers when at least one of its images does.
public indirect enum SearchCondition: Sendable, Hashable {
    case all([SearchCondition])
    case any([SearchCondition])
    case not(SearchCondition)
    /// A curated term in every spelling learnt for it, or, `exact`, a map-annotation value as written.
    case term(Term.Kind, SearchText)
    /// A study by id or folder name.
    case study(SearchText)
    /// A map-annotation pair by key, and by value when one is given.
    case keyValue(key: SearchText, value: SearchText?)
}

/// The text a condition compares: case-insensitively unless `exact`, whole unless `prefix`.
public struct SearchText: Sendable, Hashable {
    public var text: String
    public var exact: Bool
    public var prefix: Bool

    public init(_ text: String, exact: Bool = false, prefix: Bool = false) {
        self.text = text
        self.exact = exact
        self.prefix = prefix
    }
}

/// What the results of a search are.
public enum SearchLevel: String, Sendable, CaseIterable {
    case study, plate, well, image
}

/// The orders results can be paged in; each level offers `natural` and some offer `name`.
public enum SearchSort: String, Sendable, CaseIterable {
    /// Images as crawled (study, container, well, field); wells by plate, row and column; plates and studies by id.
    case natural
    case name

    public static func offered(at level: SearchLevel) -> [SearchSort] {
        level == .well ? [.natural] : [.natural, .name]
    }
}

/// A dimension the whole result is counted by, besides its page.
public enum SearchFacet: Sendable, Hashable {
    case study
    case plate
    case term(Term.Kind)

    public init?(name: String) {
        switch name {
        case "study": self = .study
        case "plate": self = .plate
        default:
            guard let kind = Term.Kind(rawValue: name) else { return nil }
            self = .term(kind)
        }
    }

    public var name: String {
        switch self {
        case .study: "study"
        case .plate: "plate"
        case .term(let kind): kind.rawValue
        }
    }

    public static var names: [String] { ["study", "plate"] + Term.Kind.allCases.map(\.rawValue) }
}

/// A search as the catalog runs it.
public struct SearchRequest: Sendable, Hashable {
    public var query: SearchCondition?
    public var level: SearchLevel = .image
    public var sort: SearchSort = .natural
    public var facets: [SearchFacet] = []
    public var facetLimit = 10
    /// Whether to count the whole result; exports, which read every page, do not.
    public var countsTotal = true
    /// `after` is a key the catalog issued with a previous page of the same level and sort.
    public var page = PageRequest()

    public init(query: SearchCondition? = nil, level: SearchLevel = .image) {
        self.query = query
        self.level = level
    }
}

/// A page position that no page of the search's level and sort issued.
public struct SearchPositionError: Error, Sendable {
    public init() {}
}

/// One page of results with the count of the whole result and its facets.
public struct SearchResult: Sendable {
    public enum Item: Sendable {
        case image(ImageSummary)
        case well(WellHit)
        case plate(PlateHit)
        case study(StudyHit)
    }

    public var items: [Item]
    public var nextAfter: String?
    /// Exact, or a lower bound when counting the whole result would cost more than `SearchResult.countLimit`;
    /// nil when not counted.
    public var total: Int?
    public var totalIsExact: Bool
    public var facets: [FacetCounts]

    /// Counting stops here; a larger result reports this as a lower bound.
    public static let countLimit = 100_000

    public init(items: [Item], nextAfter: String?, total: Int?, totalIsExact: Bool, facets: [FacetCounts]) {
        self.items = items
        self.nextAfter = nextAfter
        self.total = total
        self.totalIsExact = totalIsExact
        self.facets = facets
    }
}

public struct WellHit: Sendable, Hashable {
    public var id, study, plateID, plate, row, column, url: String
    /// Images of the well that match.
    public var images: Int

    public init(id: String, study: String, plateID: String, plate: String, row: String, column: String, url: String, images: Int) {
        self.id = id
        self.study = study
        self.plateID = plateID
        self.plate = plate
        self.row = row
        self.column = column
        self.url = url
        self.images = images
    }
}

public struct PlateHit: Sendable, Hashable {
    public var id, study, name, url: String
    public var images: Int

    public init(id: String, study: String, name: String, url: String, images: Int) {
        self.id = id
        self.study = study
        self.name = name
        self.url = url
        self.images = images
    }
}

public struct StudyHit: Sendable, Hashable {
    public var id, name, url: String
    public var title: String?
    public var images: Int

    public init(id: String, name: String, title: String?, url: String, images: Int) {
        self.id = id
        self.name = name
        self.title = title
        self.url = url
        self.images = images
    }
}

/// The largest values of one facet: how many results (at the search's level) carry each.
public struct FacetCounts: Sendable, Hashable {
    public struct Value: Sendable, Hashable {
        public var value: String
        public var label: String?
        public var count: Int

        public init(value: String, label: String?, count: Int) {
            self.value = value
            self.label = label
            self.count = count
        }
    }

    public var facet: SearchFacet
    public var values: [Value]

    public init(facet: SearchFacet, values: [Value]) {
        self.facet = facet
        self.values = values
    }
}

extension SearchCondition {
    /// The filters of `GET /v1/images`: values of one kind are alternatives; the kinds and the study must all hold.
    public static func filters(study: String? = nil, _ terms: [(kind: Term.Kind, value: String)]) -> SearchCondition? {
        var conditions = study.map { [SearchCondition.study(SearchText($0))] } ?? []
        for kind in Term.Kind.allCases {
            let values = terms.filter { $0.kind == kind }.map { SearchCondition.term(kind, SearchText($0.value)) }
            if !values.isEmpty { conditions.append(values.count == 1 ? values[0] : .any(values)) }
        }
        return conditions.isEmpty ? nil : (conditions.count == 1 ? conditions[0] : .all(conditions))
    }
}
