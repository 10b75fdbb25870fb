import Foundation
import TesseraCore

extension StudyCrawler {
    /// Reads an HCS plate: its wells, then each well's fields of view.
    mutating func readPlate(_ root: String, node: NGFFNode, document: String, component: String?, folderName: String) async throws {
        let plate = try Self.decoding(root, format: node.zarrFormat) { try Plate.decode(node.attributes["plate"] ?? .null) }
        // A filesets table names the plate as its curation does, whatever the Zarr calls it.
        let name = plateAliases[url(root)] ?? plate.name ?? folderName
        let containerID = StableID.make("plt_", snapshot.study.id, relative(root))
        snapshot.containers.append(ContainerRecord(
            id: containerID, studyID: snapshot.study.id, kind: .plate, name: name, component: component,
            url: url(root), ngffVersion: node.version, zarrFormat: node.zarrFormat, document: document))
        attachAttributeAnnotations(node, at: root, format: node.zarrFormat, to: [.init(.container, containerID)])
        for well in plate.wells {
            let wellPrefix = root + well.path + "/"
            do {
                guard let (wellNode, wellDocument) = try await readNode(wellPrefix, format: node.zarrFormat) else {
                    record(wellPrefix, "the plate lists well \(well.path) but its metadata is missing")
                    continue
                }
                let fields = try Self.decoding(wellPrefix, format: node.zarrFormat) {
                    try WellImages.decode(wellNode.attributes["well"] ?? .null)
                }
                let wellID = StableID.make("wel_", snapshot.study.id, relative(wellPrefix))
                snapshot.wells.append(WellRecord(
                    id: wellID, studyID: snapshot.study.id, containerID: containerID, path: well.path,
                    rowName: well.rowName, columnName: well.columnName, rowIndex: well.rowIndex,
                    columnIndex: well.columnIndex, document: wellDocument))
                for (index, field) in fields.paths.enumerated() {
                    let sortKey = "\(snapshot.study.id)/\(relative(root))/\(Digits.padded(well.rowIndex, width: 5))-"
                        + "\(Digits.padded(well.columnIndex, width: 5))/\(Digits.padded(index, width: 5))"
                    let placement = Placement(containerID: containerID, wellID: wellID, field: field,
                                              name: "\(name) \(well.rowName)\(well.columnName) field \(field)",
                                              sortKey: sortKey, inheritedVersion: node.version)
                    await readImageGroup(wellPrefix + field + "/", format: node.zarrFormat, placement: placement)
                }
                attachAttributeAnnotations(wellNode, at: wellPrefix, format: node.zarrFormat, to: wellAndFields(wellID))
            } catch {
                record(error, at: wellPrefix)
            }
        }
        if node.attributes["bioformats2raw.layout"] != nil {
            await readPlateAnnotations(root, containerID: containerID)
        }
    }

    /// A bioformats2raw plate keeps its source's OME-XML, whose MapAnnotations annotate the plate and its wells
    /// (a well's also apply to its fields, as IDR's `well_to_images` does).
    private mutating func readPlateAnnotations(_ root: String, containerID: String) async {
        let key = root + "OME/METADATA.ome.xml"
        guard let plate = await readOMEXML(key)?.plates.first else { return }
        attach(plate.annotations, to: [.init(.container, containerID)], source: url(key))
        for well in plate.wells {
            guard let record = snapshot.wells.first(where: {
                $0.containerID == containerID && $0.rowIndex == Int64(well.row) && $0.columnIndex == Int64(well.column)
            }) else { continue }
            attach(well.annotations, to: wellAndFields(record.id), source: url(key))
        }
    }

    /// A well and its images: what a well's annotations apply to.
    private func wellAndFields(_ wellID: String) -> [MapAnnotationRecord.Subject] {
        [.init(.well, wellID)] + snapshot.images.filter { $0.wellID == wellID && $0.kind == .image }.map { .init(.image, $0.id) }
    }
}
