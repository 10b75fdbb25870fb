import Testing
@testable import TesseraCore

/// The OME-NGFF spec's own conformance suites, run through the validator and the catalog's readers.
@Suite struct NGFFConformanceTests {
    static let versions = ["0.4", "0.5"]
    static let suites = ["image", "label", "plate", "well", "strict_image", "strict_label", "strict_plate", "strict_well"]

    @Test(arguments: NGFFConformanceTests.versions, NGFFConformanceTests.suites)
    func everyCaseIsJudgedAsTheSuiteSays(version: String, name: String) throws {
        // Given one of the spec's suites
        let suite = try ConformanceSuite(version: version, name: name)
        #expect(!suite.cases.isEmpty)
        // When each case is validated as the suite's kind of document
        var passing = 0
        for testCase in suite.cases {
            let findings = NGFFValidator.validate(testCase.data, as: suite.kind, version: version)
            // Then a valid case raises no error (in a strict suite, nothing at all), and an invalid one raises
            // at least one such finding; every finding names a JSON path
            let counted = suite.strict ? findings : findings.filter { $0.severity == .error }
            let passes = (testCase.valid ? counted.isEmpty : !counted.isEmpty) && findings.allSatisfy { $0.path.hasPrefix("$") }
            #expect(passes, "\(suite.label) \(testCase.name) (valid: \(testCase.valid)): \(findings)")
            passing += passes ? 1 : 0
        }
        print("\(suite.label): \(passing) of \(suite.cases.count) cases pass")
    }

    @Test(arguments: NGFFConformanceTests.versions, NGFFConformanceTests.suites)
    func everyValidCaseIsReadByTheCatalog(version: String, name: String) throws {
        // Given the cases a suite counts valid
        let suite = try ConformanceSuite(version: version, name: name)
        for testCase in suite.cases where testCase.valid {
            // When the catalog reads the document as a group's metadata
            // Then it reads without error
            do {
                try Self.read(testCase.data, as: suite.kind, version: version)
            } catch {
                Issue.record("\(suite.label) \(testCase.name): \(error)")
            }
        }
    }

    /// Reads attributes as the crawler does: 0.5 attributes are wrapped in a group's `zarr.json` first.
    private static func read(_ attributes: JSONValue, as kind: NGFFDocumentKind, version: String) throws {
        let node = version == "0.4"
            ? try NGFFNode.decodeV2(zattrs: attributes)
            : try NGFFNode.decodeV3(zarrJSON: .object(["zarr_format": .int(3), "node_type": .string("group"), "attributes": attributes]))
        switch kind {
        case .image: _ = try Multiscale.decodeAll(node.attributes["multiscales"] ?? .null, version: node.version ?? version)
        case .label: #expect(node.kind == .labelImage)
        case .plate: _ = try Plate.decode(node.attributes["plate"] ?? .null)
        case .well: _ = try WellImages.decode(node.attributes["well"] ?? .null)
        }
    }

    @Test(arguments: [
        ("0.4", "image", "invalid/duplicate_axes.json", NGFFFinding.Severity.error, ["$.multiscales[0].axes[1].name"]),
        ("0.4", "image", "invalid/duplicate_scale.json", .error, ["$.multiscales[0].datasets[0].coordinateTransformations[1]"]),
        ("0.4", "image", "invalid/invalid_channels_window.json", .error, ["$.omero.channels[0].window.end"]),
        ("0.5", "image", "invalid/missing_path.json", .error, ["$.ome.multiscales[0].datasets[0].path"]),
        ("0.4", "label", "image-label/colors_rgba_type", .error, ["$['image-label'].colors[0].rgba[3]"]),
        ("0.5", "label", "image-label/colors_no_label_value", .error, ["$.ome['image-label'].colors[0]['label-value']"]),
        ("0.4", "plate", "plate/negative_acquisition_id", .error, ["$.plate.acquisitions[0].id"]),
        ("0.5", "plate", "plate/well_path_has_column_before_row", .error, ["$.ome.plate.wells[0].path"]),
        ("0.4", "well", "well/non_integer_acquisition_id", .error, ["$.well.images[0].acquisition"]),
        // The 0.5 well suite's invalid cases lack the `ome` namespace, so that is what is reported.
        ("0.5", "well", "well/duplicate_images", .error, ["$.ome"]),
        ("0.4", "strict_plate", "plate/missing_version", .warning, ["$.plate.version"]),
        ("0.4", "strict_label", "image-label/no_colors", .warning, ["$['image-label'].colors"]),
        ("0.5", "strict_plate", "plate/missing_acquisition_maximumfieldcount", .warning, ["$.ome.plate.acquisitions[0].maximumfieldcount"]),
    ])
    func findingsPointAtTheOffendingPart(version: String, name: String, formerly: String, severity: NGFFFinding.Severity, paths: [String]) throws {
        // Given one invalid case, picked by its former file name
        let suite = try ConformanceSuite(version: version, name: name)
        let testCase = try #require(suite.cases.first { $0.name == formerly })
        // When it is validated
        let findings = NGFFValidator.validate(testCase.data, as: suite.kind, version: version)
        // Then the findings of that severity name exactly the offending parts
        #expect(findings.filter { $0.severity == severity }.map(\.path) == paths)
    }

    @Test(arguments: NGFFConformanceTests.versions, [
        "multiscales_strict/multiscales_example.json", "multiscales_strict/multiscales_transformations.json",
        "label_strict/colors_properties.json", "plate_strict/plate_2wells.json", "plate_strict/plate_6wells.json",
        "well_strict/well_2fields.json", "well_strict/well_4fields.json",
    ])
    func theSpecsStrictExamplesRaiseNoFinding(version: String, path: String) throws {
        // Given an example the spec validates against a strict schema (0.5 examples are whole zarr.json documents)
        let document = try FixtureFiles.specExample(version, path)
        let attributes = try #require(version == "0.4" ? Optional(document) : document["attributes"])
        let kinds: [String: NGFFDocumentKind] = ["multiscales_strict": .image, "label_strict": .label, "plate_strict": .plate, "well_strict": .well]
        let kind = try #require(kinds[String(path.prefix { $0 != "/" })])
        // When it is validated
        let findings = NGFFValidator.validate(attributes, as: kind, version: version)
        // Then there is nothing to report, not even a warning
        #expect(findings.isEmpty, "\(findings)")
    }

    @Test func documentsThatCannotBeCheckedSayWhy() {
        // Given attributes that are not an object, and a version without rules
        // When they are validated
        // Then the whole document is named
        #expect(NGFFValidator.validate(.array([]), as: .image, version: "0.4").map(\.path) == ["$"])
        #expect(NGFFValidator.validate(.object([:]), as: .image, version: "0.6").map(\.path) == ["$"])
    }

    @Test func integralNumbersAreIntegersAndEqualAcrossRepresentations() {
        // Given label colours whose values are written once as 1 and once as 1.0
        let attributes = JSONValue.object(["image-label": .object(["version": .string("0.4"), "colors": .array([
            .object(["label-value": .int(1), "rgba": .array([.int(0), .int(0), .int(0), .double(255)])]),
            .object(["label-value": .double(1), "rgba": .array([.int(0), .int(0), .int(0), .int(255)])]),
        ])])])
        // When they are validated
        let findings = NGFFValidator.validate(attributes, as: .label, version: "0.4")
        // Then 255.0 is an integer in range, and the second colour duplicates the first, as JSON Schema compares them
        #expect(findings.map(\.path) == ["$['image-label'].colors[1]"])
    }
}

/// One `*_suite.json`: the kind of document its schema describes, and its cases.
private struct ConformanceSuite {
    struct Case {
        /// The case's former file name (`formerly`), the one name every case has.
        var name: String
        var data: JSONValue
        var valid: Bool
    }

    var label: String
    var kind: NGFFDocumentKind
    /// A strict suite also fails a document for a missing SHOULD field, which the validator reports as a warning.
    var strict: Bool
    var cases: [Case]

    init(version: String, name: String) throws {
        let document = try FixtureFiles.ngffSuite(version, name)
        label = "\(version)/\(name)_suite"
        strict = name.hasPrefix("strict_")
        kind = try #require(NGFFDocumentKind(rawValue: strict ? String(name.dropFirst("strict_".count)) : name))
        cases = try (document["tests"]?.arrayValue ?? []).map { test in
            Case(name: try #require(test["formerly"]?.stringValue), data: try #require(test["data"]),
                 valid: try #require(test["valid"]) == .bool(true))
        }
    }
}
