import Foundation
import TesseraCore

extension StudyCrawler {
    /// Applies each annotation table's bulkmap config (the built-in mapping without one), shares annotations by
    /// their primary keys across the study's tables, and attaches them to the wells (Plate + Well) and images
    /// (Dataset Name + Image Name) they address. Rows that address nothing catalogued are kept as unmatched.
    /// Yields now and then: a study's tables can hold many thousand rows, and other crawls and requests share the threads.
    mutating func matchAnnotations() async {
        let catalogue = CatalogueIndex(snapshot, plateAliases: plateAliases)
        var set = MapAnnotationSet()
        var wellToImages: [AnnotationTable.Address: Bool] = [:]
        for (folder, url, csv) in tables {
            guard !unusableConfigs.contains(folder) else {
                record(url, "not applied: its folder's bulkmap config could not be used")
                continue
            }
            let table: AnnotationTable
            do {
                table = try AnnotationTable.read(csv, config: configs[folder], source: url)
            } catch {
                record(url, "bulkmap config: \(error)")
                continue
            }
            for problem in table.problems { record(url, problem) }
            await Task.yield()
            set.add(table)
            snapshot.termLinks += table.links
            let organisms = snapshot.study.organisms
            for (index, row) in table.rows.enumerated() {
                if index % 1000 == 999 { await Task.yield() }
                snapshot.termLinks += TermLink.learn(from: row.annotations, organisms: organisms)
                wellToImages[row.address] = table.wellToImages
                if catalogue.subjects(row.address, wellToImages: false).isEmpty {
                    snapshot.unmatchedRows.append(UnmatchedRow(source: Provenance(url: url, row: row.number), address: row.address.description))
                }
            }
        }
        for entry in set.entries {
            let subjects = entry.rows.flatMap { catalogue.subjects($0, wellToImages: wellToImages[$0] ?? true) }
            snapshot.mapAnnotations.append(MapAnnotationRecord(
                annotation: entry.annotation, shared: entry.shared, subjects: Array(Set(subjects)).sorted { $0.id < $1.id },
                addresses: Set(entry.rows)))
        }
        snapshot.termLinks = Array(Set(snapshot.termLinks))
    }

    /// Curated names and Zarr names differ in case, spaces vs underscores and `.zarr` suffixes.
    static func matchKey(_ name: String) -> String {
        displayName(name.lowercased()).replacingOccurrences(of: " ", with: "_")
    }
}

/// The study's catalogued wells and images by the names annotation tables address them with.
struct CatalogueIndex {
    private var wells: [String: (id: String, images: [String])] = [:]
    private var images: [String: String] = [:]

    /// `plateAliases` gives more names of a container (by URL), from a filesets mapping.
    init(_ snapshot: StudySnapshot, plateAliases: [String: String]) {
        var names: [String: [String]] = [:]
        for container in snapshot.containers {
            names[container.id] = [container.name, plateAliases[container.url]].compactMap { $0 }.map(StudyCrawler.matchKey)
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
