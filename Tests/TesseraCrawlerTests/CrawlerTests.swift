import Foundation
import Logging
import Testing
import TesseraCore
import TesseraCrawler
import TesseraStore
import TesseraTesting

@Suite struct CrawlerTests {
    let plate1A = "idr0028-pascualvargas-rhogtpases/screenB/LM2_ONTARGETPlus_1A.ome.zarr"

    /// Crawls `folder` into a fresh SQLite catalog and hands over the outcome and the database.
    func crawl(_ folder: String, _ body: (Crawler.Outcome, SQLDatabase) async throws -> Void) async throws {
        try await TestBackend.sqlite.withFreshDatabase { database in
            let source = try LocalFolderSource(path: folder, publicBaseURL: "https://tessera.test/")
            let outcome = try await Crawler(store: SQLCatalog(database: database), logger: Fixtures.logger).crawl(source, label: folder)
            try await body(outcome, database)
        }
    }

    func counts(_ database: SQLDatabase, _ query: SQL) async throws -> [String] {
        try await database.read([query])[0].map { $0.values.map { value in
            switch value {
            case .text(let text): return text
            case .int(let number): return String(number)
            default: return "?"
            }
        }.joined(separator: " ") }
    }

    @Test func readsEveryLayoutOfTheExampleBucket() async throws {
        try await crawl(Fixtures.examples) { outcome, database in
            #expect(outcome.report.status == .succeeded)
            #expect(outcome.report.errors.isEmpty)
            #expect(outcome.report.counts.unmatchedRows == 0)
            #expect(outcome.report.counts.studies == 3)
            // 0.4 plates on Zarr v2 (idr0028), a 0.5 plate on Zarr v3 (idr0094), 0.5 images in datasets (idr0038); labels in each.
            #expect(try await counts(database, "SELECT study_id, kind, ngff_version, zarr_format, COUNT(*) FROM images GROUP BY study_id, kind, ngff_version, zarr_format ORDER BY study_id, kind") == [
                "idr0028 image 0.4 2 24", "idr0028 label 0.4 2 1",
                "idr0038 image 0.5 3 3", "idr0038 label 0.5 3 3",
                "idr0094 image 0.5 3 7", "idr0094 label 0.5 3 1",
            ])
            #expect(try await counts(database, "SELECT study_id, kind, COUNT(*) FROM containers GROUP BY study_id, kind ORDER BY study_id") == [
                "idr0028 plate 2", "idr0038 dataset 3", "idr0094 plate 1",
            ])
            #expect(try await counts(database, "SELECT study_id, COUNT(*) FROM wells GROUP BY study_id ORDER BY study_id") == ["idr0028 12", "idr0094 7"])
            // Two levels per image; idr0094's level 0 is sharded.
            #expect(try await counts(database, "SELECT COUNT(*) FROM arrays") == ["78"])
            #expect(try await counts(database, "SELECT COUNT(*) FROM arrays WHERE shard_shape IS NOT NULL") == ["8"])
            // Documents are kept verbatim.
            let zattrs = try String(contentsOfFile: Fixtures.examples + "/\(plate1A)/.zattrs", encoding: .utf8)
            #expect(try await counts(database, "SELECT document FROM containers WHERE name = 'LM2_ONTARGETPlus_1A'") == [zattrs])
        }
    }

    @Test func readsEveryArrayVariety() async throws {
        try await crawl(Fixtures.arrays) { (outcome: Crawler.Outcome, database: SQLDatabase) async throws in
            #expect(outcome.report.status == .succeeded)
            #expect(outcome.report.counts.studies == 1 && outcome.report.counts.images == 6)
            #expect(try await counts(database, """
                SELECT i.name, a.data_type, a.byte_order, a.element_order, a.fill_value, a.chunk_key_encoding, a.chunk_key_separator,
                       COALESCE(a.shard_shape, '-')
                FROM arrays a JOIN images i ON i.id = a.image_id ORDER BY i.sort_key
                """) == [
                "v04-big-endian uint16 big C 0 v2 / -",
                "v04-fortran-nan float32 little F \"NaN\" v2 . -",
                "v04-missing-chunks int32 little C 7 v2 / -",
                "v05-index-start int16 big C 0 default / [1,32,32]",
                "v05-sharded uint16 little C 0 default / [1,32,32]",
                "v05-v2-keys uint8 none C 0 v2 . -",
            ])
        }
    }

    @Test func brokenObjectsAreRecordedAndTheRestIsKept() async throws {
        let bucket = try Fixtures.copyOfExamples()
        defer { try? FileManager.default.removeItem(at: bucket.deletingLastPathComponent()) }
        // Given a truncated well document, an array path escaping its image, a missing array and a ragged CSV row
        try Data(#"{"well": {"images": [{"path": "0"}"#.utf8).write(to: bucket.appendingPathComponent("\(plate1A)/F/9/.zattrs"))
        let d7 = bucket.appendingPathComponent("\(plate1A)/D/7/0/.zattrs")
        let escaping = try String(contentsOf: d7, encoding: .utf8).replacingOccurrences(of: "\"path\": \"s0\"", with: "\"path\": \"../../../../../../etc\"")
        try escaping.write(to: d7, atomically: true, encoding: .utf8)
        try FileManager.default.removeItem(at: bucket.appendingPathComponent("\(plate1A)/N/3/1/s1/.zarray"))
        let csv = bucket.appendingPathComponent("idr0028-pascualvargas-rhogtpases/screenD/idr0028-screenD-annotation.csv")
        let handle = try FileHandle(forWritingTo: csv)
        handle.seekToEndOfFile()
        handle.write(Data("MDA-MB-231_ONTARGETPlus_1B,P24,too,few\n".utf8))
        try handle.close()
        try await crawl(bucket.path) { outcome, database in
            // Then the crawl completes, naming each broken object
            #expect(outcome.report.status == .completedWithErrors)
            let urls = outcome.report.errors.map(\.url)
            #expect(urls.contains("https://tessera.test/\(plate1A)/F/9/.zattrs"))
            #expect(urls.contains("https://tessera.test/\(plate1A)/D/7/0/.zattrs"))
            #expect(urls.contains("https://tessera.test/\(plate1A)/N/3/1/s1/.zarray"))
            #expect(urls.contains { $0.hasSuffix("idr0028-screenD-annotation.csv") })
            #expect(outcome.report.errors.contains { $0.message.contains("../../../../../../etc") })
            // and everything else is catalogued: 24 fields less F9 (2), D7/0 and N3/1; F9's label goes with it
            #expect(try await counts(database, "SELECT COUNT(*) FROM images WHERE study_id = 'idr0028' AND kind = 'image'") == ["20"])
            #expect(try await counts(database, "SELECT COUNT(*) FROM images WHERE study_id <> 'idr0028'") == ["14"])
            let stored = try await counts(database, "SELECT COUNT(*) FROM crawl_errors")
            #expect(stored == [String(outcome.report.errors.count)])
        }
    }

    @Test func readableDocumentsThatBreakTheSpecAreFlaggedAndKept() async throws {
        let bucket = try Fixtures.copyOfExamples()
        defer { try? FileManager.default.removeItem(at: bucket.deletingLastPathComponent()) }
        // Given a label image whose first colour has a red component of 300 (0–255 in the spec)
        let label = bucket.appendingPathComponent("\(plate1A)/F/9/0/labels/cells/.zattrs")
        var document = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: label)) as? [String: Any])
        var imageLabel = try #require(document["image-label"] as? [String: Any])
        var colors = try #require(imageLabel["colors"] as? [[String: Any]])
        colors[0]["rgba"] = [300, 0, 0, 255]
        imageLabel["colors"] = colors
        document["image-label"] = imageLabel
        try JSONSerialization.data(withJSONObject: document).write(to: label)
        try await crawl(bucket.path) { (outcome: Crawler.Outcome, database: SQLDatabase) async throws in
            // Then the label is catalogued and the violation is reported at its JSON path
            let flagged = try #require(outcome.report.errors.first)
            #expect(outcome.report.errors.count == 1)
            #expect(flagged.url == "https://tessera.test/\(plate1A)/F/9/0/labels/cells/.zattrs")
            #expect(flagged.message.contains("$['image-label'].colors[0].rgba[0]"))
            #expect(try await counts(database, "SELECT COUNT(*) FROM images WHERE kind = 'label'") == ["5"])
        }
    }

    @Test func annotationRowsWithoutAWellAreCounted() async throws {
        let bucket = try Fixtures.copyOfExamples()
        defer { try? FileManager.default.removeItem(at: bucket.deletingLastPathComponent()) }
        let csv = bucket.appendingPathComponent("idr0028-pascualvargas-rhogtpases/screenB/idr0028-screenB-annotation.csv")
        var lines = try String(contentsOf: csv, encoding: .utf8).split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        let f9 = try #require(lines.first { $0.hasPrefix("LM2_ONTARGETPlus_1A,") && $0.contains(",F9,") })
        lines.insert(f9.replacingOccurrences(of: ",F9,", with: ",P24,"), at: 1)
        try lines.joined(separator: "\n").write(to: csv, atomically: true, encoding: .utf8)
        try await crawl(bucket.path) { outcome, _ in
            #expect(outcome.report.counts.unmatchedRows == 1)
            #expect(outcome.report.status == .succeeded)
        }
    }

    @Test func aStudyFolderCanBeCrawledOnItsOwn() async throws {
        try await crawl(Fixtures.examples + "/idr0038-held-kidneylightsheet") { (outcome: Crawler.Outcome, database: SQLDatabase) async throws in
            #expect(outcome.report.counts.studies == 1)
            #expect(try await counts(database, "SELECT id, name FROM studies") == ["idr0038 idr0038-held-kidneylightsheet"])
            // Names with spaces and brackets are percent-encoded segment by segment.
            #expect(try await counts(database, "SELECT url FROM images WHERE name = '10percent-Wt1-GFP-spheroid-MV.czi [0]'") == [
                "https://tessera.test/experimentA/endpoint%20imaging%20Cytokeratin%20PNA/10percent-Wt1-GFP-spheroid-MV.czi%20%5B0%5D.ome.zarr",
            ])
        }
    }

    @Test func symbolicLinksOutOfTheBucketAreNotFollowed() async throws {
        let bucket = try Fixtures.copyOfExamples()
        defer { try? FileManager.default.removeItem(at: bucket.deletingLastPathComponent()) }
        let outside = bucket.deletingLastPathComponent().appendingPathComponent("secret-annotation.csv")
        try Data("Plate,Well,Gene Symbol\nLM2_ONTARGETPlus_1A,A3,SECRET\n".utf8).write(to: outside)
        let link = bucket.appendingPathComponent("idr0028-pascualvargas-rhogtpases/screenB/linked-annotation.csv")
        try FileManager.default.createSymbolicLink(at: link, withDestinationURL: outside)
        try await crawl(bucket.path) { (outcome: Crawler.Outcome, database: SQLDatabase) async throws in
            #expect(outcome.report.errors.map(\.url) == ["https://tessera.test/idr0028-pascualvargas-rhogtpases/screenB/linked-annotation.csv"])
            #expect(try await counts(database, "SELECT COUNT(*) FROM map_annotation_pairs WHERE value = 'SECRET'") == ["0"])
        }
    }

    @Test func sourcesStayInsideTheirFolder() async throws {
        #expect(throws: CrawlError.self) { try LocalFolderSource(path: "/nonexistent/tessera") }
        let source = try LocalFolderSource(path: Fixtures.examples)
        await #expect(throws: CrawlError.self) { _ = try await source.get("../Package.swift") }
        await #expect(throws: CrawlError.self) { _ = try await source.list(prefix: "../") }
        #expect(try await source.get("idr0028-pascualvargas-rhogtpases/nothing-here") == nil)
        #expect(source.publicBaseURL.hasPrefix("file:///"))
    }
}
