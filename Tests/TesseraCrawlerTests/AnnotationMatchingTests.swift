import Foundation
import Testing
import TesseraCore
import TesseraCrawler
import TesseraStore
import TesseraTesting

/// How annotation-table rows find what they annotate, and what a well passes on to its images.
@Suite struct AnnotationMatchingTests {
    private func crawl(_ bucket: URL, database: SQLDatabase) async throws -> Crawler.Outcome {
        let source = try LocalFolderSource(path: bucket.path, publicBaseURL: "https://data.test/")
        return try await Crawler(store: SQLCatalog(database: database), logger: Fixtures.logger).crawl(source, label: "bucket")
    }

    private func rows(_ database: SQLDatabase, _ query: SQL) async throws -> [[SQLValue]] {
        try await database.read([query])[0].map(\.values)
    }

    /// Rewrites a text file of the bucket.
    private func edit(_ bucket: URL, _ path: String, _ change: (String) -> String) throws {
        let url = bucket.appendingPathComponent(path)
        try change(try String(contentsOf: url, encoding: .utf8)).write(to: url, atomically: true, encoding: .utf8)
    }

    /// Replaces the `Plate` cell (the first) of every row naming `plate`.
    private func renamePlate(_ bucket: URL, table: String, _ plate: String, to name: String) throws {
        try edit(bucket, table) { text in
            text.split(separator: "\n", omittingEmptySubsequences: false)
                .map { $0.hasPrefix(plate + ",") ? name + $0.dropFirst(plate.count) : $0 }
                .joined(separator: "\n")
        }
    }

    @Test func platesAnswerWhateverTheCaseSpacesOrZarrSuffix() async throws {
        let bucket = try Fixtures.copyOfExamples()
        defer { try? FileManager.default.removeItem(at: bucket.deletingLastPathComponent()) }
        let idr0028 = "idr0028-pascualvargas-rhogtpases/"
        try renamePlate(bucket, table: idr0028 + "screenB/idr0028-screenB-annotation.csv", "LM2_ONTARGETPlus_1A", to: "lm2 ontargetplus 1a")
        try renamePlate(bucket, table: idr0028 + "screenD/idr0028-screenD-annotation.csv",
                        "MDA-MB-231_ONTARGETPlus_1B", to: "MDA-MB-231_ONTARGETPlus_1B.zarr")
        try await TestBackend.sqlite.withFreshDatabase { database in
            let outcome = try await crawl(bucket, database: database)
            #expect(outcome.report.counts.unmatchedRows == 0)
            let wells = try await rows(database, """
                SELECT c.name, w.row_name || w.column_name FROM map_annotation_pairs p
                JOIN map_annotation_links l ON l.study_id = p.study_id AND l.annotation = p.annotation AND l.subject_kind = 'well'
                JOIN wells w ON w.id = l.subject_id JOIN containers c ON c.id = w.container_id
                WHERE p.term_kind = 'gene' AND p.term = 'arhgap5' ORDER BY 1, 2
                """)
            #expect(wells == [["LM2_ONTARGETPlus_1A", "F9"], ["LM2_ONTARGETPlus_1A", "N3"],
                              ["MDA-MB-231_ONTARGETPlus_1B", "F9"], ["MDA-MB-231_ONTARGETPlus_1B", "N3"]].map { $0.map(SQLValue.text) })
        }
    }

    /// A bioformats2raw series is addressed by its OME-XML `<Image Name>` (`sample.czi [1]`), whatever its multiscales
    /// are called; its dataset by the folder's name, spaces or underscores.
    @Test func imageRowsFindBioformats2rawSeriesByTheirOMEXMLName() async throws {
        let bucket = try Fixtures.temporaryFolder("tessera-bf2raw").appendingPathComponent("bucket")
        defer { try? FileManager.default.removeItem(at: bucket.deletingLastPathComponent()) }
        let experiment = bucket.appendingPathComponent("study/experimentA")
        try FileManager.default.createDirectory(at: experiment.appendingPathComponent("series dataset"), withIntermediateDirectories: true)
        try FileManager.default.copyItem(atPath: Fixtures.layouts + "/layouts/bf2raw-series.ome.zarr",
                                        toPath: experiment.appendingPathComponent("series dataset/bf2raw-series.ome.zarr").path)
        try edit(bucket, "study/experimentA/series dataset/bf2raw-series.ome.zarr/1/.zattrs") {
            $0.replacingOccurrences(of: "\"name\": \"sample.czi [1]\"", with: "\"name\": \"series 1\"")
        }
        try """
            Dataset Name,Image Name,Gene Symbol
            series_dataset,sample.czi [1],PAX2
            series dataset,sample.czi [2],PAX8

            """.write(to: experiment.appendingPathComponent("study-experimentA-annotation.csv"), atomically: true, encoding: .utf8)
        try await TestBackend.sqlite.withFreshDatabase { database in
            let outcome = try await crawl(bucket, database: database)
            #expect(outcome.report.errors.isEmpty)
            let pax2 = try await rows(database, "SELECT i.name FROM image_terms t JOIN images i ON i.id = t.image_id WHERE t.term_kind = 'gene' AND t.term = 'pax2'")
            #expect(pax2 == [[.text("sample.czi [1]")]])
            // The collection holds two series: the row for a third is unmatched.
            #expect(outcome.report.counts.unmatchedRows == 1)
            #expect(try await rows(database, "SELECT address FROM unmatched_rows") == [[.text("dataset series dataset image sample.czi [2]")]])
        }
    }

    /// Without `well_to_images` (`no`, or not given) a row's annotations stay on its well: its images get no link and no term.
    @Test(arguments: ["    well_to_images: no\n", ""])
    func wellsKeepTheirAnnotationsWithoutWellToImages(setting: String) async throws {
        let bucket = try Fixtures.copyOfExamples()
        defer { try? FileManager.default.removeItem(at: bucket.deletingLastPathComponent()) }
        for screen in ["screenB", "screenD"] {
            try edit(bucket, "idr0028-pascualvargas-rhogtpases/\(screen)/idr0028-\(screen)-bulkmap-config.yml") {
                $0.replacingOccurrences(of: "    well_to_images: yes\n", with: setting)
            }
        }
        try await TestBackend.sqlite.withFreshDatabase { database in
            let outcome = try await crawl(bucket, database: database)
            #expect(outcome.report.errors.isEmpty && outcome.report.counts.unmatchedRows == 0)
            let links = try await rows(database, """
                SELECT l.subject_kind, COUNT(DISTINCT l.subject_id) FROM map_annotation_links l
                JOIN map_annotations m ON m.study_id = l.study_id AND m.number = l.annotation
                WHERE l.study_id = 'idr0028' AND m.namespace = 'openmicroscopy.org/mapr/gene' GROUP BY l.subject_kind
                """)
            #expect(links == [[.text("well"), .int(12)]])
            let terms = try await rows(database, "SELECT wells, images FROM study_terms WHERE term_kind = 'gene' AND term = 'arhgap5'")
            #expect(terms == [[.int(4), .int(0)]])
            // idr0094 keeps `well_to_images: true`: its images answer to their wells' compounds.
            let compound = try await rows(database, "SELECT COUNT(*) FROM image_terms WHERE study_id = 'idr0094' AND term_kind = 'compound'")
            #expect(compound.first?.first.map { $0 != .int(0) } == true)
        }
    }
}
