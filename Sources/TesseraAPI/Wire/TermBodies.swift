import TesseraCore

/// A term in `GET /v1/terms` (listed as a `ListBody`).
struct TermItem: Encodable {
    let kind, term, label: String
    let studies, wells, images: Int

    init(_ summary: TermSummary) {
        kind = summary.kind.rawValue
        term = summary.term
        label = summary.label
        studies = summary.studies
        wells = summary.wells
        images = summary.images
    }
}

/// `GET /v1/terms/{kind}/{term}`.
struct TermBody: Encodable {
    struct Match: Encodable {
        let term: String
        let label, via: String?

        func encode(to encoder: Encoder) throws {
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encode(term, forKey: .term)
            try container.encode(label, forKey: .label)
            try container.encode(via, forKey: .via)
        }

        enum CodingKeys: String, CodingKey { case term, label, via }
    }

    struct Study: Encodable {
        let study: String
        let title: String?
        let wells, images: Int
        let terms: [String]

        func encode(to encoder: Encoder) throws {
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encode(study, forKey: .study)
            try container.encode(title, forKey: .title)
            try container.encode(wells, forKey: .wells)
            try container.encode(images, forKey: .images)
            try container.encode(terms, forKey: .terms)
        }

        enum CodingKeys: String, CodingKey { case study, title, wells, images, terms }
    }

    let kind, query: String
    let matches: [Match]
    let studies: [Study]

    init(_ detail: TermDetail) {
        kind = detail.kind.rawValue
        query = detail.query
        matches = detail.matches.map { Match(term: $0.term, label: $0.label, via: $0.via) }
        studies = detail.studies.map { Study(study: $0.study, title: $0.title, wells: $0.wells, images: $0.images, terms: $0.terms) }
    }
}

/// `GET /v1/studies/{id}/related`.
struct RelatedStudiesBody: Encodable {
    struct Shared: Encodable {
        let kind, term, label: String
    }

    struct Item: Encodable {
        let study: String
        let title: String?
        let sharedTerms: [Shared]

        enum CodingKeys: String, CodingKey {
            case study, title, shared
            case sharedTerms = "shared_terms"
        }

        func encode(to encoder: Encoder) throws {
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encode(study, forKey: .study)
            try container.encode(title, forKey: .title)
            try container.encode(sharedTerms.count, forKey: .shared)
            try container.encode(sharedTerms, forKey: .sharedTerms)
        }
    }

    let study: String
    let items: [Item]
    let nextCursor: String?

    enum CodingKeys: String, CodingKey {
        case study, items
        case nextCursor = "next_cursor"
    }

    func encode(to encoder: Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(study, forKey: .study)
        try container.encode(items, forKey: .items)
        try container.encode(nextCursor, forKey: .nextCursor)
    }

    init(_ related: RelatedStudies, nextCursor: String?) {
        self.nextCursor = nextCursor
        study = related.study
        items = related.items.map { item in
            Item(study: item.study, title: item.title,
                 sharedTerms: item.sharedTerms.map { Shared(kind: $0.kind.rawValue, term: $0.term, label: $0.label) })
        }
    }
}
