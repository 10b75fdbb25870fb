import Foundation
import TesseraCore

extension StudyCrawler {
    /// Applies the study's annotation tables to its catalogued wells and images (see `AnnotationMatching`), off the
    /// cooperative threads: a study's tables can hold many thousand rows.
    mutating func matchAnnotations() async {
        let (tables, configs, unusable, snapshot) = (tables, configs, unusableConfigs, snapshot)
        let matching = await Offload.run { AnnotationMatching(tables: tables, configs: configs, unusable: unusable, snapshot: snapshot) }
        for issue in matching.issues { record(url: issue.url, issue.message) }
        self.snapshot.mapAnnotations += matching.mapAnnotations
        self.snapshot.unmatchedRows += matching.unmatchedRows
        self.snapshot.termLinks = Array(Set(self.snapshot.termLinks + matching.termLinks))
    }

    /// Curated names and Zarr names differ in case, spaces vs underscores and `.zarr` suffixes.
    static func matchKey(_ name: String) -> String {
        displayName(name.lowercased()).replacingOccurrences(of: " ", with: "_")
    }
}

/// A study's annotation tables applied: each table's bulkmap config (the built-in mapping without one), annotations
/// shared by their primary keys across the study's tables and attached to the wells (Plate + Well) and images
/// (Dataset Name + Image Name) they address; rows that address nothing catalogued are kept as unmatched.
struct AnnotationMatching: Sendable {
    var mapAnnotations: [MapAnnotationRecord] = []
    var unmatchedRows: [UnmatchedRow] = []
    var termLinks: [TermLink] = []
    var issues: [CrawlIssue] = []

    init(tables: [(folder: String, url: String, table: CSVTable)], configs: [String: BulkmapConfig], unusable: Set<String>,
         snapshot: StudySnapshot) {
        let catalogue = CatalogueIndex(snapshot)
        var set = MapAnnotationSet()
        var wellToImages: [AnnotationTable.Address: Bool] = [:]
        for (folder, url, csv) in tables {
            guard !unusable.contains(folder) else {
                issues.append(CrawlIssue(url: url, message: "not applied: its folder's bulkmap config could not be used"))
                continue
            }
            let table: AnnotationTable
            do {
                table = try AnnotationTable.read(csv, config: configs[folder], source: url)
            } catch {
                issues.append(CrawlIssue(url: url, message: "bulkmap config: \(error)"))
                continue
            }
            issues += table.problems.map { CrawlIssue(url: url, message: $0) }
            set.add(table)
            termLinks += table.links
            for row in table.rows {
                termLinks += TermLink.learn(from: row.annotations, organisms: snapshot.study.organisms)
                wellToImages[row.address] = table.wellToImages
                if catalogue.subjects(row.address, wellToImages: false).isEmpty {
                    unmatchedRows.append(UnmatchedRow(source: Provenance(url: url, row: row.number), address: row.address.description))
                }
            }
        }
        mapAnnotations = set.entries.map { entry in
            let subjects = entry.rows.flatMap { catalogue.subjects($0, wellToImages: wellToImages[$0] ?? true) }
            return MapAnnotationRecord(annotation: entry.annotation, shared: entry.shared,
                                       subjects: Array(Set(subjects)).sorted { $0.id < $1.id }, addresses: Set(entry.rows))
        }
    }
}

/// The study's catalogued wells and images by the names annotation tables address them with.
struct CatalogueIndex {
    private var wells: [String: (id: String, images: [String])] = [:]
    private var images: [String: String] = [:]

    init(_ snapshot: StudySnapshot) {
        // A plate answers to its Zarr `name` and to its folder's name.
        var names: [String: Set<String>] = [:]
        for container in snapshot.containers {
            let folder = String(ObjectInfo.name(of: container.url))
            names[container.id, default: []].formUnion([container.name, folder.removingPercentEncoding ?? folder].map(StudyCrawler.matchKey))
        }
        var imagesOfWell: [String: [String]] = [:]
        for image in snapshot.images where image.kind == .image {
            if let well = image.wellID {
                imagesOfWell[well, default: []].append(image.id)
            } else if let container = image.containerID {
                for name in names[container] ?? [] { images[name + "/" + StudyCrawler.matchKey(image.name)] = image.id }
            }
        }
        for well in snapshot.wells {
            guard let column = Int(well.columnName) else { continue }
            for name in names[well.containerID] ?? [] {
                wells["\(name)/\(well.rowName.uppercased())/\(column)"] = (well.id, imagesOfWell[well.id] ?? [])
            }
        }
    }

    /// The catalogued well (and, with `well_to_images`, its images) or image an address names.
    func subjects(_ address: AnnotationTable.Address, wellToImages: Bool) -> [MapAnnotationRecord.Subject] {
        switch address {
        case .well(let plate, let row, let column):
            guard let well = wells["\(StudyCrawler.matchKey(plate))/\(row)/\(column)"] else { return [] }
            return [.init(.well, well.id)] + (wellToImages ? well.images.map { .init(.image, $0) } : [])
        case .image(let dataset, let image):
            return images[StudyCrawler.matchKey(dataset) + "/" + StudyCrawler.matchKey(image)].map { [.init(.image, $0)] } ?? []
        }
    }
}
