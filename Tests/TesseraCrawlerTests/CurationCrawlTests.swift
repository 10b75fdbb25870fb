import Foundation
import Testing
import TesseraCore
import TesseraCrawler
import TesseraStore
import TesseraTesting

/// `--annotations`: curation kept apart from the data, joined by accession and by filesets tables.
@Suite struct CurationCrawlTests {
    static let base = "https://data.test/"

    private func crawl(_ data: String, filesets: [FilesetMapping.Row] = [], database: SQLDatabase,
                       full: Bool = false) async throws -> Crawler.Outcome {
        let curation = Curation(source: try LocalFolderSource(path: Fixtures.idr, publicBaseURL: "https://curation.test/"), filesets: filesets)
        var options = Crawler.Options()
        options.full = full
        let source = try LocalFolderSource(path: data, publicBaseURL: Self.base)
        return try await Crawler(store: SQLCatalog(database: database), logger: Fixtures.logger, options: options)
            .crawl(source, label: data, curation: curation)
    }

    private func rows(_ database: SQLDatabase, _ query: SQL) async throws -> [[SQLValue]] {
        try await database.read([query])[0].map(\.values)
    }

    @Test(arguments: TestBackend.available)
    func aFilesetsTableJoinsABioImageArchivePlateToItsCuration(backend: TestBackend) async throws {
        let text = try String(contentsOfFile: Fixtures.idr0011Filesets, encoding: .utf8)
        let mapping = FilesetMapping.parse(text)
        #expect(mapping.problems.isEmpty && mapping.rows.map(\.plate) == ["Plate1-TS-Red-B", "Plate2-TS-Red-B"])
        try await backend.withFreshDatabase { database in
            let outcome = try await crawl(Fixtures.idrData, filesets: mapping.rows, database: database)
            // The curation's six studies; the plate the table places elsewhere than its bucket holds is reported.
            #expect(outcome.report.counts.studies == 6)
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
            #expect(outcome.report.counts.unmatchedRows == 23_328 - 5)
            let study = try await rows(database, "SELECT url FROM studies WHERE id = 'idr0011'")
            #expect(study == [[.text("https://curation.test/idr0011-ledesmafernandez-dad4")]])
            // Nothing changed: the next crawl reads no study again.
            let again = try await crawl(Fixtures.idrData, filesets: mapping.rows, database: database)
            #expect(again.report.counts.studiesUnchanged == 6 && again.report.counts.studies == 0)
        }
    }

    @Test func theCurationReplacesTheDataFolderOwnCurationFiles() async throws {
        try await TestBackend.sqlite.withFreshDatabase { database in
            let outcome = try await crawl(Fixtures.examples, database: database)
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
            #expect(studies.count == 6)
        }
    }
}
