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
                    let sortKey = String(format: "%@/%@/%05lld-%05lld/%05d", snapshot.study.id, relative(root),
                                         well.rowIndex, well.columnIndex, index)
                    let placement = Placement(containerID: containerID, wellID: wellID, field: field,
                                              name: "\(name) \(well.rowName)\(well.columnName) field \(field)",
                                              sortKey: sortKey, inheritedVersion: node.version)
                    await readImageGroup(wellPrefix + field + "/", format: node.zarrFormat, placement: placement)
                }
            } catch {
                record(error, at: wellPrefix)
            }
        }
    }
}
