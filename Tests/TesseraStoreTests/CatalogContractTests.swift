import Foundation
import Logging
import Testing
import TesseraCore
import TesseraCrawler
import TesseraStore
import TesseraTesting

/// The catalog's contract, run unchanged against every backend on the example studies.
@Suite struct CatalogContractTests {
    static let base = "https://tessera.test/bucket/"

    /// Crawls the example bucket into a fresh catalog on `backend` and hands it to `body`.
    func withExamples(_ backend: TestBackend, _ body: (SQLCatalog) async throws -> Void) async throws {
        try await backend.withFreshDatabase { database in
            let catalog = SQLCatalog(database: database)
            let source = try LocalFolderSource(path: Fixtures.examples, publicBaseURL: Self.base)
            let outcome = try await Crawler(store: catalog, logger: Fixtures.logger).crawl(source, label: "Examples")
            #expect(outcome.report.status == .succeeded)
            try await body(catalog)
        }
    }

    @Test(arguments: TestBackend.available)
    func listsTheStudies(backend: TestBackend) async throws {
        try await withExamples(backend) { catalog in
            let studies = try await catalog.studies(page: PageRequest()).items
            #expect(studies.map(\.id) == ["idr0028", "idr0038", "idr0094"])
            let idr0028 = try #require(studies.first)
            #expect(idr0028.name == "idr0028-pascualvargas-rhogtpases")
            #expect(idr0028.license == "CC BY 4.0")
            #expect(idr0028.organisms == ["Homo sapiens"])
            #expect(idr0028.plates == 2 && idr0028.wells == 12 && idr0028.images == 24)
            let detail = try #require(try await catalog.study(id: "idr0028-pascualvargas-rhogtpases"))
            #expect(detail.containers.map(\.name) == ["LM2_ONTARGETPlus_1A", "MDA-MB-231_ONTARGETPlus_1B"])
            #expect(detail.containers.map(\.component) == ["screenB", "screenD"])
            #expect(try await catalog.study(id: "idr9999") == nil)
        }
    }

    @Test(arguments: TestBackend.available)
    func geneAndPhenotypeFindTheCuratedWellsAcrossScreens(backend: TestBackend) async throws {
        try await withExamples(backend) { catalog in
            // The idr0028 annotation files score ARHGAP5 knock-downs in F9 and N3 with CMPO_0000118 on both plates.
            let filter = SearchCondition.filters([(.gene, "ARHGAP5"), (.phenotype, "CMPO_0000118")])
            let images = try await catalog.allImages(filter)
            #expect(images.map { "\($0.plate ?? "") \($0.well ?? "") \($0.field ?? "")" } == [
                "LM2_ONTARGETPlus_1A F9 0", "LM2_ONTARGETPlus_1A F9 1", "LM2_ONTARGETPlus_1A N3 0", "LM2_ONTARGETPlus_1A N3 1",
                "MDA-MB-231_ONTARGETPlus_1B F9 0", "MDA-MB-231_ONTARGETPlus_1B F9 1",
                "MDA-MB-231_ONTARGETPlus_1B N3 0", "MDA-MB-231_ONTARGETPlus_1B N3 1",
            ])
            #expect(images[0].zarrURL == Self.base + "idr0028-pascualvargas-rhogtpases/screenB/LM2_ONTARGETPlus_1A.ome.zarr/F/9/0")
            // Every spelling of the same terms gives the same answer.
            let spelled = SearchCondition.filters([(.gene, "arhgap5"), (.phenotype, "Round Cell Phenotype")])
            #expect(try await catalog.allImages(spelled).map(\.id) == images.map(\.id))
            // DOCK6 is round only in screenB.
            let dock6 = SearchCondition.filters([(.gene, "DOCK6"), (.phenotype, "CMPO:0000118")])
            #expect(Set(try await catalog.allImages(dock6).compactMap(\.plate)) == ["LM2_ONTARGETPlus_1A"])
            // Values of one kind are alternatives.
            let either = SearchCondition.filters([(.gene, "ARHGAP5"), (.gene, "DOCK6"), (.phenotype, "CMPO_0000118")])
            #expect(try await catalog.allImages(either).count == images.count + 2)
        }
    }

    @Test(arguments: TestBackend.available)
    func compoundsOrganismsAndStudiesFilter(backend: TestBackend) async throws {
        try await withExamples(backend) { catalog in
            let byName = try await catalog.allImages(.filters([(.compound, "onc201")]))
            #expect(byName.map { "\($0.study) \($0.plate ?? "") \($0.well ?? "")" } == ["idr0094 ESP0025769 H10"])
            let mice = try await catalog.allImages(.filters([(.organism, "NCBITaxon_10090")]))
            #expect(mice.count == 3 && Set(mice.map(\.study)) == ["idr0038"])
            #expect(Set(mice.compactMap(\.dataset)) == ["endpoint imaging Cytokeratin PNA", "endpoint imaging Pax2 PNA", "Organoid functional assay control"])
            let humanIn0094 = SearchCondition.filters(study: "idr0094", [(.organism, "Homo sapiens")])
            #expect(try await catalog.allImages(humanIn0094).count == 7)
            #expect(try await catalog.allImages(.filters(study: "idr0094", [(.gene, "ARHGAP5")])).isEmpty)
        }
    }

    @Test(arguments: TestBackend.available)
    func pagesNeitherRepeatNorSkip(backend: TestBackend) async throws {
        try await withExamples(backend) { catalog in
            let whole = try await catalog.allImages(nil)
            let paged = try await catalog.allImages(nil, limit: 4)
            #expect(whole.count == 34)
            #expect(paged.map(\.id) == whole.map(\.id))
            #expect(whole.allSatisfy { $0.kind == .image })
        }
    }

    @Test(arguments: TestBackend.available)
    func imagesCarryTheirLevelsLabelsAndAnnotations(backend: TestBackend) async throws {
        try await withExamples(backend) { catalog in
            let filter = SearchCondition.filters(study: "idr0028", [(.gene, "ARHGAP5")])
            let field = try #require(try await catalog.allImages(filter).first)
            let image = try #require(try await catalog.image(id: field.id))
            #expect(image.axes.map(\.name) == ["c", "y", "x"])
            #expect(image.levels.map(\.path) == ["s0", "s1"])
            #expect(image.levels[0].metadata.shape == [2, 64, 64])
            #expect(image.levels[0].url == field.zarrURL + "/s0")
            #expect(image.labels.map(\.name) == ["cells"])
            #expect(image.annotations.contains { $0.key == "Gene Symbol" && $0.value == "ARHGAP5" && $0.kind == "gene" })
            let label = try #require(try await catalog.image(id: image.labels[0].id))
            #expect(label.summary.kind == .label && label.parentImage == field.id)
            #expect(label.imageLabel?["colors"]?.arrayValue?.isEmpty == false)
            #expect(image.imageLabel == nil)
            #expect(label.levels.count == image.levels.count)
            #expect(try await catalog.image(id: "img_0000000000000000") == nil)
        }
    }

    @Test(arguments: TestBackend.available)
    func aRecrawlKeepsIdentifiersAndReplacesRows(backend: TestBackend) async throws {
        try await withExamples(backend) { catalog in
            let before = try await catalog.allImages(nil)
            let source = try LocalFolderSource(path: Fixtures.examples, publicBaseURL: Self.base)
            var full = Crawler.Options()
            full.full = true
            let again = try await Crawler(store: catalog, logger: Fixtures.logger, options: full).crawl(source, label: "Examples")
            #expect(again.report.counts.studies == 3)
            #expect(try await catalog.allImages(nil).map(\.id) == before.map(\.id))
            let counts = try await catalog.database.read(["SELECT COUNT(*) FROM map_annotations", "SELECT COUNT(*) FROM arrays", "SELECT COUNT(*) FROM crawl_runs"])
            #expect(counts[0][0].int(0) == Int64(again.report.counts.annotations))
            #expect(counts[1][0].int(0) == Int64(again.report.counts.arrays))
            #expect(counts[2][0].int(0) == 2)
        }
    }

    @Test(arguments: TestBackend.available)
    func aStudyThatFailsToCommitLeavesTheOldOneWhole(backend: TestBackend) async throws {
        try await withExamples(backend) { catalog in
            let before = try await catalog.allImages(nil)
            // Given a snapshot of idr0094 that breaks a constraint halfway through its inserts
            var broken = StudySnapshot(study: StudyRecord(id: "idr0094", name: "idr0094-ellinger-sarscov2", url: Self.base))
            let image = ImageRecord(id: "img_dup", studyID: "idr0094", kind: .image, name: "x", url: Self.base, ngffVersion: "0.5",
                                    zarrFormat: 3, axesJSON: "[]", document: "{}", sortKey: "idr0094/dup")
            broken.images = [image, image]
            // When it is written, the write fails
            await #expect(throws: (any Error).self) { try await catalog.replaceStudy(broken, crawlRun: 1) }
            // Then readers still see the whole previous study
            #expect(try await catalog.allImages(nil).map(\.id) == before.map(\.id))
            #expect(try await catalog.study(id: "idr0094")?.summary.title != nil)
        }
    }

    @Test(arguments: TestBackend.available)
    func crawlRunsAreRecordedWithTheirOutcome(backend: TestBackend) async throws {
        try await withExamples(backend) { catalog in
            let rows = try await catalog.database.read(["SELECT status, studies, images, errors, finished_at FROM crawl_runs"])[0]
            #expect(rows.count == 1)
            #expect(rows[0].text(0) == "succeeded")
            #expect(rows[0].int(1) == 3 && rows[0].int(2) == 39 && rows[0].int(3) == 0)
            #expect(rows[0].text(4) != nil)
        }
    }
}
