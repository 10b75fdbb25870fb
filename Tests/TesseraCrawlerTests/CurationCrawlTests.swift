import Foundation
import Testing
import TesseraCore
import TesseraCrawler
import TesseraStore
import TesseraTesting

/// `--annotations`: curation kept apart from the data, joined by accession and by filesets tables.
@Suite struct CurationCrawlTests {
    static let base = "https://data.test/"

    private func crawl(_ data: String, curation folder: String, filesets: [FilesetMapping.Row] = [],
                       database: SQLDatabase) async throws -> Crawler.Outcome {
        let curation = Curation(source: try LocalFolderSource(path: folder, publicBaseURL: "https://curation.test/"), filesets: filesets)
        let source = try LocalFolderSource(path: data, publicBaseURL: Self.base)
        return try await Crawler(store: SQLCatalog(database: database), logger: Fixtures.logger).crawl(source, label: data, curation: curation)
    }

    private func rows(_ database: SQLDatabase, _ query: SQL) async throws -> [[SQLValue]] {
        try await database.read([query])[0].map(\.values)
    }

    @Test(arguments: TestBackend.available)
    func aFilesetsTableJoinsABioImageArchivePlateToItsCuration(backend: TestBackend) async throws {
        let text = try String(contentsOfFile: Fixtures.idr0011Filesets, encoding: .utf8)
        let mapping = FilesetMapping.parse(text)
        #expect(mapping.problems.isEmpty && mapping.rows.map(\.plate) == ["Plate1-TS-Red-B", "Plate2-TS-Red-B"])
        let curation = try Fixtures.idrStudies(["idr0011"])
        defer { try? FileManager.default.removeItem(atPath: curation) }
        try await backend.withFreshDatabase { database in
            let outcome = try await crawl(Fixtures.idrData, curation: curation, filesets: mapping.rows, database: database)
            // The plate the table places elsewhere than its bucket holds is reported.
            #expect(outcome.report.counts.studies == 1)
            #expect(outcome.report.errors.map(\.message) == [
                "the filesets table places idr0011 plate Plate2-TS-Red-B here, but no Zarr root is there",
            ])
            let plates = try await rows(database, "SELECT study_id, name, url FROM containers")
            #expect(plates == [[.text("idr0011"), .text("Plate1-TS-Red-B"),
                                .text(Self.base + "S-BIAD866/3f9c2d7e-5b8a-4e61-9c0d-7a2b4e8f1c53/3f9c2d7e-5b8a-4e61-9c0d-7a2b4e8f1c53.zarr")]])
            // Its five wells match their annotation rows: CDC20 is on E7, and every other row stays unmatched.
            let cdc20 = try await rows(database, """
                SELECT w.row_name, w.column_name FROM image_terms t JOIN images i ON i.id = t.image_id JOIN wells w ON w.id = i.well_id
                WHERE t.term_kind = 'gene' AND t.term = 'cdc20'
                """)
            #expect(cdc20 == [[.text("E"), .text("7")]])
            #expect(outcome.report.counts.unmatchedRows == 8_784 - 5)
            // The plate's OME-XML MapAnnotations: one on the plate, one on well E7 (and so on its field).
            let xmlPairs = try await rows(database, """
                SELECT l.subject_kind, p.key, p.value FROM map_annotation_pairs p
                JOIN map_annotation_links l ON l.study_id = p.study_id AND l.annotation = p.annotation
                WHERE p.source_url LIKE '%METADATA.ome.xml' ORDER BY l.subject_kind, p.key
                """)
            #expect(xmlPairs == [
                [.text("container"), .text("Sample Type"), .text("cell")],
                [.text("image"), .text("Temperature Sensitive Allele"), .text("cdc20-3")],
                [.text("well"), .text("Temperature Sensitive Allele"), .text("cdc20-3")],
            ])
            let study = try await rows(database, "SELECT url FROM studies WHERE id = 'idr0011'")
            #expect(study == [[.text("https://curation.test/idr0011-ledesmafernandez-dad4")]])
            // Nothing changed: the next crawl reads no study again.
            let again = try await crawl(Fixtures.idrData, curation: curation, filesets: mapping.rows, database: database)
            #expect(again.report.counts.studiesUnchanged == 1 && again.report.counts.studies == 0)
        }
    }

    @Test func theCurationReplacesTheDataFolderOwnCurationFiles() async throws {
        let curation = try Fixtures.idrStudies(["idr0028", "idr0038", "idr0094", "idr0025"])
        defer { try? FileManager.default.removeItem(atPath: curation) }
        try await TestBackend.sqlite.withFreshDatabase { database in
            let outcome = try await crawl(Fixtures.examples, curation: curation, database: database)
            #expect(outcome.report.errors.isEmpty)
            // The examples' trimmed tables are hidden: every annotation comes from the full curation files.
            let sources = try await rows(database, "SELECT DISTINCT source_url FROM map_annotation_pairs WHERE source_url LIKE '%.csv'")
            #expect(!sources.isEmpty && sources.allSatisfy { ($0.first.map { "\($0)" } ?? "").contains("curation.test") })
            let genes = try await rows(database, """
                SELECT COUNT(*) FROM map_annotations WHERE study_id = 'idr0028' AND namespace = 'openmicroscopy.org/mapr/gene'
                """)
            #expect(genes == [[.int(180)]], "as many gene annotations as the full idr0028 curation gives")
            // The examples' images are found in the data folders of the same accession and match the full tables.
            let images = try await rows(database, """
                SELECT COUNT(DISTINCT g.image_id) FROM image_terms g JOIN image_terms p ON p.image_id = g.image_id
                WHERE g.term_kind = 'gene' AND g.term = 'arhgap5' AND p.term_kind = 'phenotype' AND p.term = 'cmpo_0000118'
                """)
            #expect(images == [[.int(8)]])
            // Studies the curation holds without data are still catalogued, their rows listed as unmatched.
            let studies = try await rows(database, "SELECT id FROM studies ORDER BY id")
            #expect(studies == [[.text("idr0025")], [.text("idr0028")], [.text("idr0038")], [.text("idr0094")]])
        }
    }

    /// Data published without curation files can carry its own key/value pairs in its Zarr attributes.
    @Test func groupsCarryTheirOwnMapAnnotations() async throws {
        let bucket = try Fixtures.copyOfExamples()
        defer { try? FileManager.default.removeItem(at: bucket.deletingLastPathComponent()) }
        func edit(_ path: String, _ change: (inout [String: Any]) -> Void) throws {
            let url = bucket.appendingPathComponent(path)
            var document = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: url)) as? [String: Any])
            change(&document)
            try JSONSerialization.data(withJSONObject: document).write(to: url)
        }
        // Zarr v3: beside `ome` in the attributes; Zarr v2: at the top of `.zattrs`.
        try edit("idr0038-held-kidneylightsheet/experimentA/endpoint imaging Pax2 PNA/wtFK-cleared-Wt1-Pax2.czi.ome.zarr/zarr.json") { document in
            var attributes = document["attributes"] as? [String: Any] ?? [:]
            attributes["map_annotations"] = [["namespace": "openmicroscopy.org/mapr/gene", "pairs": [["Gene Symbol", "Pax2"]]]]
            document["attributes"] = attributes
        }
        try edit("idr0028-pascualvargas-rhogtpases/screenB/LM2_ONTARGETPlus_1A.ome.zarr/A/3/.zattrs") { document in
            document["map_annotations"] = [["pairs": [["Compound Name", "DMSO"], ["Dose", "0.1%"]]]]
        }
        try edit("idr0028-pascualvargas-rhogtpases/screenB/LM2_ONTARGETPlus_1A.ome.zarr/.zattrs") { document in
            document["map_annotations"] = [["pairs": [["Screen", 7]]]]
        }
        try await TestBackend.sqlite.withFreshDatabase { database in
            let source = try LocalFolderSource(path: bucket.path, publicBaseURL: Self.base)
            let outcome = try await Crawler(store: SQLCatalog(database: database), logger: Fixtures.logger).crawl(source, label: "bucket")
            // A malformed attribute is reported with its JSON path; the plate is still catalogued.
            #expect(outcome.report.errors.map(\.message) == ["invalid metadata at $.map_annotations[0].pairs[0]: expected [key, value], two strings"])
            #expect(outcome.report.counts.images == 39)
            let gene = try await rows(database, "SELECT i.name FROM image_terms t JOIN images i ON i.id = t.image_id WHERE t.term_kind = 'gene' AND t.term = 'pax2'")
            #expect(gene == [[.text("wtFK-cleared-Wt1-Pax2.czi")]])
            let compound = try await rows(database, """
                SELECT w.row_name || w.column_name, COUNT(*) FROM image_terms t JOIN images i ON i.id = t.image_id JOIN wells w ON w.id = i.well_id
                WHERE t.term_kind = 'compound' AND t.term = 'dmso' GROUP BY w.row_name, w.column_name
                """)
            #expect(compound == [[.text("A3"), .int(2)]], "the well's two fields")
        }
    }

    /// Annotation tables name plates by their Zarr `name` or by their folder's name.
    @Test func aPlateAnswersToItsFolderNameToo() async throws {
        let bucket = try Fixtures.copyOfExamples()
        defer { try? FileManager.default.removeItem(at: bucket.deletingLastPathComponent()) }
        let url = bucket.appendingPathComponent("idr0028-pascualvargas-rhogtpases/screenB/LM2_ONTARGETPlus_1A.ome.zarr/.zattrs")
        var document = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: url)) as? [String: Any])
        var plate = try #require(document["plate"] as? [String: Any])
        plate["name"] = "Acquisition 2019-03-07"
        document["plate"] = plate
        try JSONSerialization.data(withJSONObject: document).write(to: url)
        try await TestBackend.sqlite.withFreshDatabase { database in
            let source = try LocalFolderSource(path: bucket.path, publicBaseURL: Self.base)
            let outcome = try await Crawler(store: SQLCatalog(database: database), logger: Fixtures.logger).crawl(source, label: "bucket")
            #expect(outcome.report.counts.unmatchedRows == 0)
            #expect(try await rows(database, "SELECT COUNT(*) FROM containers WHERE name = 'Acquisition 2019-03-07'") == [[.int(1)]])
        }
    }
}
