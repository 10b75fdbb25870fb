import Foundation
import TesseraCore

/// A study in `GET /v1/studies` and at the head of `GET /v1/studies/{id}`.
struct StudyItem: Encodable {
    let id, name, url: String
    let title, license: String?
    let organisms: [String]
    let images, plates, wells: Int

    init(_ study: StudySummary) {
        id = study.id
        name = study.name
        url = study.url
        title = study.title
        license = study.license
        organisms = study.organisms
        images = study.images
        plates = study.plates
        wells = study.wells
    }
}

struct StudyBody: Encodable {
    let study: StudyItem
    let description, licenseURL: String?
    let containers: [ContainerItem]
    let crawlRun: Int64?
    let metadata: StudyMetadata?
    let mapAnnotations: [NamespaceCount]
    let unmatchedRows: Int

    init(_ detail: StudyDetail) {
        study = StudyItem(detail.summary)
        description = detail.description
        licenseURL = detail.licenseURL
        containers = detail.containers.map(ContainerItem.init)
        crawlRun = detail.crawlRun
        metadata = detail.metadata
        mapAnnotations = detail.mapAnnotations
        unmatchedRows = detail.unmatchedRows
    }

    enum CodingKeys: String, CodingKey {
        case description, containers
        case licenseURL = "license_url"
        case crawlRun = "crawl_run"
        case mapAnnotations = "map_annotations", unmatchedRows = "unmatched_rows"
    }

    /// The study's own fields at the top level, then the detail fields and the study file's curated facts.
    func encode(to encoder: Encoder) throws {
        try study.encode(to: encoder)
        try metadata.map { try CuratedFacts($0).encode(to: encoder) }
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(description, forKey: .description)
        try container.encode(licenseURL, forKey: .licenseURL)
        try container.encode(containers, forKey: .containers)
        try container.encode(crawlRun, forKey: .crawlRun)
        try container.encode(mapAnnotations, forKey: .mapAnnotations)
        try container.encode(unmatchedRows, forKey: .unmatchedRows)
    }
}

struct ContainerItem: Encodable {
    let id, kind, name, url: String
    let component, ngffVersion: String?
    let images: Int

    init(_ container: ContainerSummary) {
        id = container.id
        kind = container.kind
        name = container.name
        url = container.url
        component = container.component
        ngffVersion = container.ngffVersion
        images = container.images
    }

    enum CodingKeys: String, CodingKey {
        case id, kind, name, url, component, images
        case ngffVersion = "ngff_version"
    }
}

/// A study file's curated facts in the API's snake_case, as members of the enclosing object.
struct CuratedFacts: Encodable {
    let facts: StudyMetadata

    init(_ facts: StudyMetadata) {
        self.facts = facts
    }

    struct Key: CodingKey {
        let stringValue: String
        var intValue: Int? { nil }
        init(stringValue: String) { self.stringValue = stringValue }
        init?(intValue: Int) { nil }
    }

    func encode(to encoder: Encoder) throws {
        let snake = JSONEncoder()
        snake.keyEncodingStrategy = .convertToSnakeCase
        let members = try JSONDecoder().decode([String: JSONValue].self, from: snake.encode(facts))
        var container = encoder.container(keyedBy: Key.self)
        for (key, value) in members { try container.encode(value, forKey: Key(stringValue: key)) }
    }
}
