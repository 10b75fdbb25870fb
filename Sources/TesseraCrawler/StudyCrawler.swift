import Foundation
import Logging
import TesseraCore

/// Crawls one study folder (prefix) into a `StudySnapshot`: the study file, the OME-Zarr roots found by
/// listing, everything below them found by following their metadata, then the annotation tables.
struct StudyCrawler {
    /// Where objects are read: the source itself, or its inventory of the study (which prefetches).
    var source: ObjectSource
    let prefix: String
    let logger: Logger
    var snapshot: StudySnapshot
    /// Annotation tables and bulkmap configs by folder, applied once the study's images are known.
    var tables: [(folder: String, url: String, table: CSVTable)] = []
    var configs: [String: BulkmapConfig] = [:]
    /// Curated plate names of Zarr roots by URL, from a filesets table (BioImage Archive-style buckets).
    var plateAliases: [String: String] = [:]
    /// Folders whose bulkmap config could not be used: their tables are reported, not guessed at.
    var unusableConfigs: Set<String> = []
    /// The study file and its URL, whose per-component facts apply once the study's images are known.
    var studyFile: (file: StudyFile, url: String)?
    /// The component folder (`screenB`) each image was found in, by image id.
    var componentOfImage: [String: String] = [:]
    /// Documents taken from the catalog because their objects are unchanged, rather than read again.
    var objectsFromCatalog = 0
    /// Set when a read failed in a way that may pass (throttling, timeouts): the snapshot may lack objects
    /// that exist, so it must not replace what the catalog holds.
    var incomplete = false
    let progress: CrawlProgress?

    /// Folders nested deeper than this below a study are not searched for Zarr roots.
    static let maximumDepth = 6
    /// Raised whenever the crawler reads studies differently, so that fingerprints from before make every study re-read.
    static let readerVersion = 3
    /// The namespace of the facts a study file gives its study's images (organisms, imaging methods).
    static let studyInfoNamespace = "idr.openmicroscopy.org/study/info"

    /// Whether the crawler reads objects of this name.
    static func reads(_ name: Substring) -> Bool {
        switch name {
        case "zarr.json", ".zattrs", ".zarray", "METADATA.ome.xml", "ro-crate-metadata.json": return true
        default: return isCuration(name)
        }
    }

    /// Curation files: a study file, annotation tables and their bulkmap configs.
    static func isCuration(_ name: Substring) -> Bool {
        name.hasSuffix("-study.txt") || name.hasSuffix("-annotation.csv") || name.hasSuffix("-bulkmap-config.yml")
    }

    /// Whether a folder holding an object of this name is a Zarr group (a root, when found by listing).
    static func marksZarrRoot(_ name: Substring) -> Bool {
        name == "zarr.json" || name == ".zattrs" || name == ".zgroup"
    }

    /// Whether an object of this name is metadata: read, or telling a Zarr v2 group (`.zgroup`) by its presence.
    static func isMetadata(_ name: Substring) -> Bool {
        name == ".zgroup" || reads(name)
    }

    init(source: ObjectSource, prefix: String, name: String, logger: Logger, progress: CrawlProgress? = nil) {
        self.source = source
        self.prefix = prefix
        self.logger = logger
        self.progress = progress
        self.snapshot = StudySnapshot(study: StudyRecord(id: name, name: name, url: ObjectPath.url(source.publicBaseURL, appending: prefix).trimmingSuffix("/")))
    }

    mutating func crawl() async throws -> StudySnapshot {
        try await walk(prefix, depth: 0, component: nil, dataset: nil)
        await matchAnnotations()
        applyImagingMethods()
        return snapshot
    }

    /// Lists a folder: Zarr roots are handed to the metadata reader, curation files are read, other folders searched.
    private mutating func walk(_ folder: String, depth: Int, component: String?, dataset: String?) async throws {
        let listing: Listing
        do {
            listing = try await source.list(prefix: folder)
        } catch where depth > 0 {
            // An unreadable folder inside a study loses that folder, not the study.
            record(folder, "could not be listed: \(error)")
            incomplete = incomplete || isTransient(error)
            return
        }
        if listing.objects.contains(where: { Self.marksZarrRoot($0.name) }) {
            await readZarrRoot(folder, listing: listing, component: component, dataset: dataset)
            return
        }
        for object in listing.objects {
            if depth == 0, object.name.hasSuffix("-study.txt") {
                await readStudyFile(object.key)
            } else if object.name.hasSuffix("-annotation.csv") {
                await readAnnotationTable(object.key, folder: folder)
            } else if object.name.hasSuffix("-bulkmap-config.yml") {
                await readBulkmapConfig(object.key, folder: folder)
            }
        }
        guard depth < Self.maximumDepth else { return }
        for child in listing.prefixes {
            let name = String(ObjectInfo.name(of: child))
            let isZarr = name.hasSuffix(".zarr")
            try await walk(child, depth: depth + 1,
                           component: component ?? (isZarr ? nil : name),
                           dataset: dataset ?? (component == nil || isZarr ? nil : name))
        }
    }

    private mutating func readStudyFile(_ key: String) async {
        guard let object = await read(key) else { return }
        let text = String(decoding: object.data, as: UTF8.self)
        let file = StudyFile.parse(text)
        var study = snapshot.study
        study.id = file.accession ?? study.id
        study.title = file.title
        study.description = file.description
        study.license = file.license
        study.licenseURL = file.licenseURL
        study.organisms = file.organisms
        study.studyDocument = text
        snapshot.study = study
        studyFile = (file, url(key))
        let pairs = zip(file.organisms, file.organismAccessions)
        snapshot.termLinks += pairs.map { TermLink(kind: .organism, $0, $1) }
        snapshot.termLinks += file.metadata.components.flatMap(\.imagingMethods).compactMap { method in
            method.accession.map { TermLink(kind: .imagingMethod, method.name, $0) }
        }
        let source = Provenance(url: url(key))
        let organisms = (file.organisms + file.organismAccessions).map { MapAnnotation.Pair(key: "Organism", value: $0, source: source) }
        if !organisms.isEmpty {
            snapshot.mapAnnotations.append(MapAnnotationRecord(
                annotation: MapAnnotation(namespace: Self.studyInfoNamespace, pairs: organisms),
                subjects: [.init(.study, study.id)]))
        }
    }

    private mutating func readAnnotationTable(_ key: String, folder: String) async {
        guard let object = await read(key) else { return }
        do {
            let text = String(decoding: object.data, as: UTF8.self)
            tables.append((folder, url(key), try await Offload.run { try CSVTable.parse(text) }))
        } catch {
            record(key, "\(error)")
        }
    }

    private mutating func readBulkmapConfig(_ key: String, folder: String) async {
        guard let object = await read(key) else { return }
        do {
            configs[folder] = try BulkmapConfig.parse(String(decoding: object.data, as: UTF8.self))
        } catch {
            // Without its config a table would be read with the built-in mapping: better not read it at all.
            record(key, "\(error)")
            unusableConfigs.insert(folder)
        }
    }

    // MARK: Reading objects

    /// The public URL of a key; folder URLs carry no trailing `/` (clients append `/<path>`).
    func url(_ key: String) -> String { source.url(of: key).trimmingSuffix("/") }

    /// Reads an object and remembers it as a source of this study; `nil` when absent or unreadable (recorded).
    mutating func read(_ key: String) async -> StoredObject? {
        do {
            guard let object = try await source.get(key) else { return nil }
            if object.fromCatalog {
                objectsFromCatalog += 1
            } else {
                progress?.read(1)
            }
            snapshot.sourceObjects.append(SourceObject(url: url(key), etag: object.info.etag, size: object.info.size,
                                                       lastModified: object.info.lastModified))
            return object
        } catch {
            record(key, "could not be read: \(error)")
            incomplete = incomplete || isTransient(error)
            return nil
        }
    }

    /// Records a failure against the document it concerns when known, else against the node being read.
    mutating func record(_ error: Error, at key: String) {
        if let error = error as? DocumentError {
            record(error.key, "\(error.underlying)")
        } else {
            record(key, "\(error)")
        }
    }

    mutating func record(_ key: String, _ message: String) {
        record(url: url(key), message)
    }

    mutating func record(url: String, _ message: String) {
        progress?.failed(1)
        logger.warning("skipped object", metadata: ["url": "\(url)", "reason": "\(message)"])
        snapshot.issues.append(CrawlIssue(url: url, message: message))
    }
}

/// A failure to understand one metadata document, remembered with the document's key.
struct DocumentError: Error {
    let key: String
    let underlying: Error
}
