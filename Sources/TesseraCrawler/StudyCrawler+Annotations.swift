import Foundation
import TesseraCore

extension StudyCrawler {
    /// Attaches each annotation-table row to the well (Plate + Well) or image (Dataset Name + Image Name) it names.
    mutating func matchAnnotations() {
        let containers = Dictionary(snapshot.containers.map { (Self.matchKey($0.name), $0) }, uniquingKeysWith: { first, _ in first })
        var wells: [String: WellRecord] = [:]
        for well in snapshot.wells {
            guard let column = Int(well.columnName) else { continue }
            wells["\(well.containerID)/\(well.rowName.uppercased())/\(column)"] = well
        }
        var images: [String: ImageRecord] = [:]
        for image in snapshot.images where image.kind == .image && image.wellID == nil {
            images["\(image.containerID ?? "")/\(Self.matchKey(image.name))"] = image
        }
        for (url, table) in tables {
            for row in table.rows {
                let subject: (AnnotationRecord.Subject, String)?
                switch row.address {
                case .well(let plate, let rowName, let column):
                    subject = containers[Self.matchKey(plate)]
                        .flatMap { wells["\($0.id)/\(rowName)/\(column)"] }
                        .map { (.well, $0.id) }
                case .image(let dataset, let image):
                    subject = containers[Self.matchKey(dataset)]
                        .flatMap { images["\($0.id)/\(Self.matchKey(image))"] }
                        .map { (.image, $0.id) }
                }
                guard let (kind, id) = subject else {
                    unmatchedRows += 1
                    continue
                }
                for entry in row.entries {
                    snapshot.annotations.append(AnnotationRecord(
                        studyID: snapshot.study.id, subject: kind, subjectID: id, namespace: entry.namespace,
                        key: entry.key, value: entry.value, term: entry.term, sourceURL: url, sourceRow: row.number))
                }
            }
        }
    }

    /// Curated names and Zarr names differ in case, spaces vs underscores and `.zarr` suffixes.
    static func matchKey(_ name: String) -> String {
        var key = name.lowercased()
        for suffix in [".ome.zarr", ".zarr"] where key.hasSuffix(suffix) {
            key = String(key.dropLast(suffix.count))
        }
        return key.replacingOccurrences(of: " ", with: "_")
    }
}
