/// Everything one crawl learnt about one study; the store replaces the study's rows with it in one transaction.
public struct StudySnapshot: Sendable {
    public var study: StudyRecord
    public var containers: [ContainerRecord] = []
    public var wells: [WellRecord] = []
    public var images: [ImageRecord] = []
    public var arrays: [ArrayRecord] = []
    public var mapAnnotations: [MapAnnotationRecord] = []
    /// Annotation-table rows that addressed nothing catalogued; kept for the crawl report.
    public var unmatchedRows: [UnmatchedRow] = []
    /// Spellings of one term learnt from the study's curation.
    public var termLinks: [TermLink] = []
    public var sourceObjects: [SourceObject] = []
    /// Objects that could not be read; recorded with the crawl run, the rest of the study is still kept.
    public var issues: [CrawlIssue] = []
    /// A digest of the study's metadata objects as listed (keys, ETags, sizes): equal digests mean nothing to re-read.
    public var fingerprint: String?

    public init(study: StudyRecord) {
        self.study = study
    }
}

public struct StudyRecord: Sendable, Hashable, Codable {
    /// The IDR accession (`idr0028`) when the study file names one, else the folder name.
    public var id: String
    /// The study's folder (prefix) name.
    public var name: String
    public var url: String
    public var title: String?
    public var description: String?
    public var license: String?
    public var licenseURL: String?
    public var organisms: [String]
    /// The study file as harvested, so fields added later can be derived without a re-crawl.
    public var studyDocument: String?

    public init(id: String, name: String, url: String, title: String? = nil, description: String? = nil,
                license: String? = nil, licenseURL: String? = nil, organisms: [String] = [], studyDocument: String? = nil) {
        self.id = id
        self.name = name
        self.url = url
        self.title = title
        self.description = description
        self.license = license
        self.licenseURL = licenseURL
        self.organisms = organisms
        self.studyDocument = studyDocument
    }
}

/// A plate, or a dataset of images (an experiment's `Dataset Name` folder).
public struct ContainerRecord: Sendable, Hashable {
    public enum Kind: String, Sendable { case plate, dataset }
    public var id: String
    public var studyID: String
    public var kind: Kind
    public var name: String
    /// The study component it belongs to (`screenB`, `experimentA`), if any.
    public var component: String?
    public var url: String
    public var ngffVersion: String?
    public var zarrFormat: Int?
    /// The group's metadata document, verbatim.
    public var document: String?

    public init(id: String, studyID: String, kind: Kind, name: String, component: String? = nil, url: String, ngffVersion: String? = nil, zarrFormat: Int? = nil, document: String? = nil) {
        self.id = id
        self.studyID = studyID
        self.kind = kind
        self.name = name
        self.component = component
        self.url = url
        self.ngffVersion = ngffVersion
        self.zarrFormat = zarrFormat
        self.document = document
    }
}

public struct WellRecord: Sendable, Hashable {
    public var id: String
    public var studyID: String
    public var containerID: String
    /// `row/column` inside the plate, e.g. `F/9`.
    public var path: String
    public var rowName: String
    public var columnName: String
    public var rowIndex: Int64
    public var columnIndex: Int64
    public var document: String?

    public init(id: String, studyID: String, containerID: String, path: String, rowName: String, columnName: String, rowIndex: Int64, columnIndex: Int64, document: String? = nil) {
        self.id = id
        self.studyID = studyID
        self.containerID = containerID
        self.path = path
        self.rowName = rowName
        self.columnName = columnName
        self.rowIndex = rowIndex
        self.columnIndex = columnIndex
        self.document = document
    }
}

/// One OME-Zarr multiscale image: a field of view, a standalone image, or a label image.
public struct ImageRecord: Sendable, Hashable {
    public enum Kind: String, Sendable, Codable { case image, label }
    public var id: String
    public var studyID: String
    public var containerID: String?
    public var wellID: String?
    /// For label images, the image they annotate.
    public var parentImageID: String?
    /// The field path inside its well (`0`, `1`, …).
    public var field: String?
    public var kind: Kind
    public var name: String
    public var url: String
    public var ngffVersion: String
    public var zarrFormat: Int
    public var axesJSON: String
    public var channelsJSON: String?
    public var scaleJSON: String?
    public var document: String
    /// Orders images naturally (plates by row and column index, then fields); unique within the catalog.
    public var sortKey: String

    public init(id: String, studyID: String, containerID: String? = nil, wellID: String? = nil, parentImageID: String? = nil, field: String? = nil, kind: Kind, name: String, url: String, ngffVersion: String, zarrFormat: Int, axesJSON: String, channelsJSON: String? = nil, scaleJSON: String? = nil, document: String, sortKey: String) {
        self.id = id
        self.studyID = studyID
        self.containerID = containerID
        self.wellID = wellID
        self.parentImageID = parentImageID
        self.field = field
        self.kind = kind
        self.name = name
        self.url = url
        self.ngffVersion = ngffVersion
        self.zarrFormat = zarrFormat
        self.axesJSON = axesJSON
        self.channelsJSON = channelsJSON
        self.scaleJSON = scaleJSON
        self.document = document
        self.sortKey = sortKey
    }
}

/// One resolution level of an image, with the array document it was read from.
public struct ArrayRecord: Sendable, Hashable {
    public var imageID: String
    public var level: ArrayLevel
    public var document: String

    public init(imageID: String, level: ArrayLevel, document: String) {
        self.imageID = imageID
        self.level = level
        self.document = document
    }
}

/// An object the crawl read, with the validators a later crawl compares to skip unchanged objects.
public struct SourceObject: Sendable, Hashable {
    public var url: String
    public var etag: String?
    public var size: Int64
    public var lastModified: String?

    public init(url: String, etag: String?, size: Int64, lastModified: String?) {
        self.url = url
        // Catalogs written before empty ETags counted as none may hold them.
        self.etag = ObjectInfo.meaningful(etag)
        self.size = size
        self.lastModified = lastModified
    }
}

/// An object that could not be read or understood.
public struct CrawlIssue: Sendable, Hashable, Codable {
    public var url: String
    public var message: String

    public init(url: String, message: String) {
        self.url = url
        self.message = message
    }
}

extension StudySnapshot {
    /// The terms each image answers to: its own, its well's, its container's and its study's annotations.
    /// Label images are reached through their image and carry none.
    public var imageTerms: [(imageID: String, term: Term)] {
        var bySubject: [String: [Term]] = [:]
        var studyTerms: [Term] = []
        for record in mapAnnotations {
            let terms = record.annotation.pairs.compactMap(\.term)
            guard !terms.isEmpty else { continue }
            for subject in record.subjects {
                if subject.kind == .study { studyTerms += terms } else { bySubject[subject.id, default: []] += terms }
            }
        }
        var seen = Set<String>()
        var result: [(String, Term)] = []
        for image in images where image.kind == .image {
            // Wells pass their annotations to their images by explicit links (`well_to_images`).
            let subjects = [image.id, image.containerID].compactMap { $0 }
            for term in subjects.flatMap({ bySubject[$0] ?? [] }) + studyTerms
            where seen.insert("\(image.id)\u{0}\(term.kind.rawValue)\u{0}\(term.normalized)").inserted {
                result.append((image.id, term))
            }
        }
        return result
    }

    /// Each term of the study with the spelling first seen, the curated wells naming it (catalogued or not)
    /// and the catalogued images answering to it (`imageTerms`, passed in as the writer has them already).
    public func studyTerms(imageTerms: [(imageID: String, term: Term)]) -> [StudyTerm] {
        var terms: [Term: StudyTerm] = [:]
        var wells: [Term: Set<AnnotationTable.Address>] = [:]
        for record in mapAnnotations {
            for pair in record.annotation.pairs {
                guard let term = pair.term else { continue }
                if terms[term] == nil { terms[term] = StudyTerm(term: term, label: pair.value) }
                wells[term, default: []].formUnion(record.addresses.filter { if case .well = $0 { true } else { false } })
            }
        }
        for (_, term) in imageTerms { terms[term]?.images += 1 }
        return terms.values.map { term in
            var term = term
            term.wells = wells[term.term]?.count ?? 0
            return term
        }.sorted { ($0.term.kind.rawValue, $0.term.normalized) < ($1.term.kind.rawValue, $1.term.normalized) }
    }
}

/// A term as one study carries it.
public struct StudyTerm: Sendable, Hashable {
    public var term: Term
    /// The spelling to show (`ARHGAP5`, `round cell phenotype`).
    public var label: String
    public var wells = 0
    public var images = 0

    public init(term: Term, label: String) {
        self.term = term
        self.label = label
    }
}
