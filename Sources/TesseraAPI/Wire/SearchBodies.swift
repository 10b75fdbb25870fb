import TesseraCore

/// The members of a `POST /v1/search` answer besides its items, which follow them (see `SearchRoutes`).
struct SearchHead: Encodable {
    let level: String
    let sort: String
    let total: Int?
    /// False when counting stopped at `SearchResult.countLimit`: `total` is then a lower bound.
    let totalExact: Bool
    let facets: [String: [FacetValueItem]]
    let nextCursor: String?

    enum CodingKeys: String, CodingKey {
        case level, sort, total, facets
        case totalExact = "total_exact"
        case nextCursor = "next_cursor"
    }

    func encode(to encoder: Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(level, forKey: .level)
        try container.encode(sort, forKey: .sort)
        try container.encode(total, forKey: .total)
        try container.encode(totalExact, forKey: .totalExact)
        try container.encode(facets, forKey: .facets)
        try container.encode(nextCursor, forKey: .nextCursor)
    }
}

struct FacetValueItem: Encodable {
    let value: String
    let label: String?
    let count: Int

    init(_ value: FacetCounts.Value) {
        self.value = value.value
        label = value.label
        count = value.count
    }
}

/// A well with matching images.
struct WellHitItem: Encodable {
    let id, study, plate, well, row, column, url: String
    let plateID: String
    let images: Int

    init(_ hit: WellHit) {
        id = hit.id
        study = hit.study
        plate = hit.plate
        plateID = hit.plateID
        well = hit.row + hit.column
        row = hit.row
        column = hit.column
        url = hit.url
        images = hit.images
    }

    enum CodingKeys: String, CodingKey {
        case id, study, plate, well, row, column, url, images
        case plateID = "plate_id"
    }
}

/// A plate with matching images.
struct PlateHitItem: Encodable {
    let id, study, name, url: String
    let images: Int

    init(_ hit: PlateHit) {
        id = hit.id
        study = hit.study
        name = hit.name
        url = hit.url
        images = hit.images
    }
}

/// A study with matching images.
struct StudyHitItem: Encodable {
    let id, name, url: String
    let title: String?
    let images: Int

    init(_ hit: StudyHit) {
        id = hit.id
        name = hit.name
        title = hit.title
        url = hit.url
        images = hit.images
    }

    func encode(to encoder: Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(id, forKey: .id)
        try container.encode(name, forKey: .name)
        try container.encode(title, forKey: .title)
        try container.encode(url, forKey: .url)
        try container.encode(images, forKey: .images)
    }

    enum CodingKeys: String, CodingKey {
        case id, name, title, url, images
    }
}
