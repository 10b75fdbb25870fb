/// A study as listed by `GET /v1/studies`.
public struct StudySummary: Sendable, Hashable, Codable {
    public var id: String
    public var name: String
    public var title: String?
    public var url: String
    public var license: String?
    public var organisms: [String]
    public var images: Int
    public var plates: Int
    public var wells: Int

    public init(id: String, name: String, title: String? = nil, url: String, license: String? = nil, organisms: [String], images: Int, plates: Int, wells: Int) {
        self.id = id
        self.name = name
        self.title = title
        self.url = url
        self.license = license
        self.organisms = organisms
        self.images = images
        self.plates = plates
        self.wells = wells
    }
}

/// A study with its description and containers, as returned by `GET /v1/studies/{id}`.
public struct StudyDetail: Sendable, Hashable, Codable {
    public var summary: StudySummary
    public var description: String?
    public var licenseURL: String?
    public var containers: [ContainerSummary]
    public var crawlRun: Int64?
    /// Derived from the study file kept verbatim, when the study has one.
    public var metadata: StudyMetadata?
    /// How many map annotations, and pairs in them, the study holds per namespace.
    public var mapAnnotations: [NamespaceCount] = []
    /// Annotation-table rows that addressed no catalogued well or image.
    public var unmatchedRows = 0

    public init(summary: StudySummary, description: String? = nil, licenseURL: String? = nil, containers: [ContainerSummary], crawlRun: Int64? = nil, metadata: StudyMetadata? = nil) {
        self.summary = summary
        self.description = description
        self.licenseURL = licenseURL
        self.containers = containers
        self.crawlRun = crawlRun
        self.metadata = metadata
    }
}

public struct NamespaceCount: Sendable, Hashable, Codable {
    public var namespace: String
    public var annotations: Int
    public var pairs: Int

    public init(namespace: String, annotations: Int, pairs: Int) {
        self.namespace = namespace
        self.annotations = annotations
        self.pairs = pairs
    }
}

public struct ContainerSummary: Sendable, Hashable, Codable {
    public var id: String
    public var kind: String
    public var name: String
    public var component: String?
    public var url: String
    public var ngffVersion: String?
    public var images: Int

    public init(id: String, kind: String, name: String, component: String? = nil, url: String, ngffVersion: String? = nil, images: Int) {
        self.id = id
        self.kind = kind
        self.name = name
        self.component = component
        self.url = url
        self.ngffVersion = ngffVersion
        self.images = images
    }
}

/// An image as listed by `GET /v1/images`.
public struct ImageSummary: Sendable, Hashable, Codable {
    public var id: String
    public var study: String
    public var name: String
    public var kind: ImageRecord.Kind
    public var zarrURL: String
    public var ngffVersion: String
    public var zarrFormat: Int
    public var plate: String?
    public var well: String?
    public var field: String?
    public var dataset: String?
    public var sortKey: String

    public init(id: String, study: String, name: String, kind: ImageRecord.Kind, zarrURL: String, ngffVersion: String, zarrFormat: Int, plate: String? = nil, well: String? = nil, field: String? = nil, dataset: String? = nil, sortKey: String) {
        self.id = id
        self.study = study
        self.name = name
        self.kind = kind
        self.zarrURL = zarrURL
        self.ngffVersion = ngffVersion
        self.zarrFormat = zarrFormat
        self.plate = plate
        self.well = well
        self.field = field
        self.dataset = dataset
        self.sortKey = sortKey
    }
}

/// An image with its resolution levels, labels and annotations, as returned by `GET /v1/images/{id}`.
public struct ImageDetail: Sendable, Hashable {
    public var summary: ImageSummary
    public var axes: [Multiscale.Axis]
    public var channels: JSONValue?
    public var scale: [Double]?
    public var parentImage: String?
    public var levels: [ArrayLevel]
    public var labels: [LabelSummary]
    public var annotations: [AnnotationSummary]
    /// For label images, the `image-label` metadata as written: colours, properties, source.
    public var imageLabel: JSONValue?

    public init(summary: ImageSummary, axes: [Multiscale.Axis], channels: JSONValue? = nil, scale: [Double]? = nil, parentImage: String? = nil, levels: [ArrayLevel], labels: [LabelSummary], annotations: [AnnotationSummary], imageLabel: JSONValue? = nil) {
        self.summary = summary
        self.axes = axes
        self.channels = channels
        self.scale = scale
        self.parentImage = parentImage
        self.levels = levels
        self.labels = labels
        self.annotations = annotations
        self.imageLabel = imageLabel
    }
}

/// What a client needs to read an image's pixels: its axes, physical scale and resolution levels.
public struct ImageArrays: Sendable, Hashable {
    public var axes: [Multiscale.Axis]
    public var scale: [Double]?
    public var levels: [ArrayLevel]

    public init(axes: [Multiscale.Axis], scale: [Double]?, levels: [ArrayLevel]) {
        self.axes = axes
        self.scale = scale
        self.levels = levels
    }
}

public struct ArrayLevel: Sendable, Hashable {
    public var level: Int
    public var path: String
    public var url: String
    public var metadata: ZarrArrayMetadata
    public var scale: [Double]?
    public var translation: [Double]?

    public init(level: Int, path: String, url: String, metadata: ZarrArrayMetadata, scale: [Double]? = nil, translation: [Double]? = nil) {
        self.level = level
        self.path = path
        self.url = url
        self.metadata = metadata
        self.scale = scale
        self.translation = translation
    }

    /// The level's URL with `{axis}` placeholders where the chunk indices go.
    public func chunkURLTemplate(axes: [Multiscale.Axis]) -> String {
        url + "/" + metadata.chunkKeyEncoding.template(axisNames: axes.map(\.name))
    }
}

public struct LabelSummary: Sendable, Hashable, Codable {
    public var id: String
    public var name: String

    public init(id: String, name: String) {
        self.id = id
        self.name = name
    }
}

/// One key/value pair on an image, its plate or dataset, or its study, with its provenance: where it was curated
/// and the crawl run that read it.
public struct AnnotationSummary: Sendable, Hashable, Codable {
    public var subject: String
    public var namespace: String
    public var key: String
    public var value: String
    public var kind: String?
    public var source: Provenance
    public var crawlRun: Int64?

    enum CodingKeys: String, CodingKey {
        case subject, namespace, key, value, kind, source
        case crawlRun = "crawl_run"
    }

    public init(subject: String, namespace: String, key: String, value: String, kind: String? = nil, source: Provenance, crawlRun: Int64? = nil) {
        self.subject = subject
        self.namespace = namespace
        self.key = key
        self.value = value
        self.kind = kind
        self.source = source
        self.crawlRun = crawlRun
    }
}

/// One crawl as `GET /v1/crawls` lists it.
public struct CrawlRun: Sendable, Hashable {
    public var id: Int64
    public var source: String
    public var startedAt: String
    public var finishedAt: String?
    /// `running`, or the report's status.
    public var status: String
    /// The run's counts; its errors are counted in `errorCount` and listed by `CrawlRunDetail`.
    public var report: CrawlReport
    public var errorCount: Int

    public init(id: Int64, source: String, startedAt: String, finishedAt: String?, status: String, report: CrawlReport, errorCount: Int) {
        self.id = id
        self.source = source
        self.startedAt = startedAt
        self.finishedAt = finishedAt
        self.status = status
        self.report = report
        self.errorCount = errorCount
    }
}

public struct CrawlRunDetail: Sendable, Hashable {
    public var run: CrawlRun
    /// The first errors of the run, by URL; `run.report` counts them all.
    public var errors: [CrawlIssue]
    /// Per study read by the run, the annotation-table rows that addressed nothing catalogued (the first ones).
    public var unmatched: [StudyUnmatchedRows] = []

    public init(run: CrawlRun, errors: [CrawlIssue]) {
        self.run = run
        self.errors = errors
    }
}

public struct StudyUnmatchedRows: Sendable, Hashable {
    public var study: String
    public var count: Int
    public var rows: [UnmatchedRow]

    public init(study: String, count: Int, rows: [UnmatchedRow]) {
        self.study = study
        self.count = count
        self.rows = rows
    }
}
