import Foundation
import Testing
@testable import TesseraCore

@Suite struct NGFFTests {
    @Test func readsTheSpecMultiscalesExamples() throws {
        // 0.4: a .zattrs document
        let v4 = try NGFFNode.decodeV2(zattrs: FixtureFiles.specExample("0.4", "multiscales_strict/multiscales_example.json"))
        #expect(v4.kind == .image)
        #expect(v4.version == "0.4")
        let multiscale = try Multiscale.decodeAll(v4.attributes["multiscales"]!, version: v4.version)[0]
        #expect(multiscale.axes.map(\.name) == ["t", "c", "z", "y", "x"])
        #expect(multiscale.axes[2].unit == "micrometer")
        #expect(multiscale.datasets.map(\.path) == ["0", "1", "2"])
        #expect(multiscale.datasets[0].scale == [1.0, 1.0, 0.5, 0.5, 0.5])
        // The multiscale-level scale multiplies each dataset's own.
        #expect(multiscale.physicalScale(level: 0) == [0.1, 1.0, 0.5, 0.5, 0.5])
        // 0.5: the same content in a zarr.json, under attributes.ome
        let v5 = try NGFFNode.decodeV3(zarrJSON: FixtureFiles.specExample("0.5", "multiscales_strict/multiscales_example.json"))
        #expect(v5.version == "0.5")
        #expect(try Multiscale.decodeAll(v5.attributes["multiscales"]!, version: "0.5")[0].axes.count == 5)
    }

    @Test(arguments: ["0.4", "0.5"])
    func readsTheSpecPlateAndWellExamples(version: String) throws {
        let plateNode = try node(version, "plate_strict/plate_6wells.json")
        #expect(plateNode.kind == .plate)
        let plate = try Plate.decode(plateNode.attributes["plate"]!)
        #expect(plate.wells.map(\.path) == ["A/1", "A/2", "A/3", "B/1", "B/2", "B/3"])
        #expect(plate.wells[4].rowIndex == 1 && plate.wells[4].columnIndex == 1)
        let sparse = try Plate.decode(node(version, "plate_strict/plate_2wells.json").attributes["plate"]!)
        #expect(sparse.rows.count == 8 && sparse.columns.count == 12 && sparse.wells.count == 2)
        let well = try node(version, "well_strict/well_4fields.json")
        #expect(well.kind == .well)
        #expect(try WellImages.decode(well.attributes["well"]!).paths == ["0", "1", "2", "3"])
        #expect(try node(version, "label_strict/colors_properties.json").kind == .labelImage)
        #expect(try node(version, "bf2raw/image.json").kind == .bioformats2raw)
        #expect(try node(version, "bf2raw/plate.json").kind == .plate, "plate takes precedence over bioformats2raw.layout")
    }

    private func node(_ version: String, _ path: String) throws -> NGFFNode {
        let document = try FixtureFiles.specExample(version, path)
        return version == "0.4" ? try NGFFNode.decodeV2(zattrs: document) : try NGFFNode.decodeV3(zarrJSON: document)
    }

    @Test func scalesOfAnotherLengthAreReadButGiveNoPhysicalScale() throws {
        // Given a 0.4 image with three axes and two scale values (the 0.4 suite counts it valid)
        let json = try FixtureFiles.json(#"""
            [{"axes": [{"name": "t", "type": "time"}, {"name": "y", "type": "space"}, {"name": "x", "type": "space"}],
              "datasets": [{"path": "0", "coordinateTransformations": [{"type": "scale", "scale": [0.13, 0.13]}]}]}]
            """#)
        // When it is read
        let multiscale = try Multiscale.decodeAll(json, version: "0.4")[0]
        // Then the values are kept as written, but no per-axis physical size is claimed
        #expect(multiscale.datasets[0].scale == [0.13, 0.13])
        #expect(multiscale.physicalScale(level: 0) == nil)
    }

    @Test func wellRowsAndColumnsComeFromTheirIndices() throws {
        // Given the 0.4 suite's plate: column "A", row "1", and a well path written column first
        let json = try FixtureFiles.json(#"{"columns": [{"name": "A"}], "rows": [{"name": "1"}], "wells": [{"path": "A/1", "rowIndex": 0, "columnIndex": 0}]}"#)
        // When it is read
        let well = try Plate.decode(json).wells[0]
        // Then the row and column are the ones the indices name, and the path still locates the group
        #expect(well.rowName == "1" && well.columnName == "A" && well.path == "A/1")
        // And an index outside the plate is refused
        let outside = try FixtureFiles.json(#"{"columns": [{"name": "A"}], "rows": [{"name": "1"}], "wells": [{"path": "A/1", "rowIndex": 1, "columnIndex": 0}]}"#)
        #expect(throws: MetadataError.self) { try Plate.decode(outside) }
    }

    @Test(arguments: [("0.4.1", 2, "0.4"), ("0.4", 2, "0.4"), ("0.5-dev2", 3, "0.5"), ("0.3", 2, "0.3")])
    func versionsAreNormalised(raw: String, format: Int, expected: String) throws {
        #expect(try NGFFVersion.normalise(raw, zarrFormat: format) == expected)
    }

    @Test(arguments: [("0.6rc0", 3), ("0.5", 2), ("0.4", 3), ("banana", 2)])
    func unknownVersionsAreRefusedNotMisparsed(raw: String, format: Int) {
        #expect(throws: MetadataError.self) { try NGFFVersion.normalise(raw, zarrFormat: format) }
    }

    @Test func preV04AxesAreUnderstood() throws {
        let v3 = try Multiscale.decodeAll(FixtureFiles.json(#"[{"axes": ["c", "y", "x"], "datasets": [{"path": "0"}]}]"#), version: "0.3")[0]
        #expect(v3.axes.map(\.type) == ["channel", "space", "space"])
        let v1 = try Multiscale.decodeAll(FixtureFiles.json(#"[{"datasets": [{"path": "0"}]}]"#), version: "0.1")[0]
        #expect(v1.axes.map(\.name) == ["t", "c", "z", "y", "x"])
        #expect(throws: MetadataError.self) {
            try Multiscale.decodeAll(FixtureFiles.json(#"[{"datasets": [{"path": "0"}]}]"#), version: "0.4")
        }
    }

    @Test(arguments: ["../x", "/abs", "%2e%2e/x", "a/../../b", "a//b", "http://example.org/x", "", ".", "a\\b"])
    func pathsThatLeaveTheNodeAreRefused(path: String) {
        #expect(throws: MetadataError.self) { try ObjectPath.relative(path, at: "$.datasets[0].path") }
    }

    @Test func pathsAreEncodedPerSegment() throws {
        #expect(try ObjectPath.relative("A/1/", at: "$") == "A/1")
        #expect(ObjectPath.encode("experimentA/Pax2 PNA/x.czi [0].ome.zarr") == "experimentA/Pax2%20PNA/x.czi%20%5B0%5D.ome.zarr")
        #expect(ObjectPath.url("http://h/data/", appending: "a b/c") == "http://h/data/a%20b/c")
        #expect(ObjectPath.url("http://h/data", appending: "c") == "http://h/data/c")
    }

    @Test func oversizedOrInvalidDocumentsAreErrors() throws {
        #expect(throws: MetadataError.self) { try JSONValue.parse(Data(#"{"multiscales": ["#.utf8)) }
        let huge = Data(repeating: 0x20, count: JSONValue.maximumDocumentSize + 1)
        #expect(throws: MetadataError.self) { try JSONValue.parse(huge) }
        #expect(throws: MetadataError.self) { try NGFFNode.decodeV2(zattrs: .array([])) }
        // Deep nesting is refused by the parser's depth limit, not by exhausting the stack.
        let deep = String(repeating: "[", count: 100_000) + String(repeating: "]", count: 100_000)
        #expect(throws: MetadataError.self) { try JSONValue.parse(Data(deep.utf8)) }
    }
}
