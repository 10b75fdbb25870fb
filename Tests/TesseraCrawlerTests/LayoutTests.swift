import Foundation
import Logging
import Testing
import TesseraCore
import TesseraCrawler
import TesseraStore
import TesseraTesting

/// Every layout of the layout bucket (Tests/Fixtures/README.md) is read, or refused with its reason.
@Suite struct LayoutTests {
    func crawlLayouts(_ body: (Crawler.Outcome, SQLCatalog) async throws -> Void) async throws {
        try await TestBackend.sqlite.withFreshDatabase { database in
            let catalog = SQLCatalog(database: database)
            let source = try LocalFolderSource(path: Fixtures.layouts, publicBaseURL: "https://tessera.test/")
            try await body(try await Crawler(store: catalog, logger: Fixtures.logger).crawl(source, label: "layouts"), catalog)
        }
    }

    func image(_ catalog: SQLCatalog, named name: String) async throws -> ImageDetail {
        let all = try await catalog.allImages(.filters(study: "layouts", []))
        let summary = try #require(all.first { $0.name == name }, "no image named \(name) in \(all.map(\.name))")
        return try #require(try await catalog.image(id: summary.id))
    }

    @Test func everyLayoutIsCataloguedAndTheDraftIsRefused() async throws {
        try await crawlLayouts { outcome, catalog in
            #expect(outcome.report.counts.images == 13)
            // The 0.6 draft is recorded as unsupported, with the reason, against its document.
            #expect(outcome.report.errors.count == 1)
            let refusal = try #require(outcome.report.errors.first)
            #expect(refusal.url == "https://tessera.test/layouts/unsupported-06.ome.zarr/zarr.json")
            #expect(refusal.message.contains("0.6rc0") && refusal.message.contains("not supported"))
            let names = try await catalog.allImages(.filters(study: "layouts", [])).map(\.name)
            #expect(Set(names).isSuperset(of: ["sample.czi [0]", "sample.czi [1]", "plain.tif [0]", "plain.tif [1]", "plain.tif [2]",
                                               "stack.nd2 [0]", "stack.nd2 [1]", "raw", "deconvolved"]))
        }
    }

    @Test func bioformats2rawSeriesComeFromTheOMEGroupTheXMLOrProbing() async throws {
        try await crawlLayouts { _, catalog in
            // series attribute: image 1 is 2 × 16 × 24
            let second = try await image(catalog, named: "sample.czi [1]")
            #expect(second.summary.zarrURL == "https://tessera.test/layouts/bf2raw-series.ome.zarr/1")
            #expect(second.levels[0].metadata.shape == [2, 16, 24])
            // no series attribute: the XML's three images, matched in order to 0/, 1/, 2/
            #expect(try await image(catalog, named: "plain.tif [1]").levels[0].metadata.shape == [1, 8, 16])
            #expect(try await image(catalog, named: "plain.tif [2]").levels[0].metadata.shape == [1, 16, 8])
            // neither: 0/ and 1/ found by probing
            #expect(try await image(catalog, named: "stack.nd2 [1]").summary.zarrURL.hasSuffix("bf2raw-numbered.ome.zarr/1"))
        }
    }

    @Test func omeXMLMapAnnotationsAnnotateTheirImage() async throws {
        try await crawlLayouts { _, catalog in
            let first = try await image(catalog, named: "sample.czi [0]")
            #expect(first.annotations.contains { $0.key == "Gene Symbol" && $0.value == "CDC20" && $0.kind == "gene" })
            #expect(first.annotations.contains { $0.key == "Organism" && $0.kind == "organism" })
            let yeast = try await catalog.allImages(.filters([(.organism, "saccharomyces cerevisiae")]))
            #expect(yeast.map(\.name) == ["sample.czi [0]"])
        }
    }

    @Test func severalMultiscalesInOneGroupAreSeveralImages() async throws {
        try await crawlLayouts { _, catalog in
            let raw = try await image(catalog, named: "raw")
            let deconvolved = try await image(catalog, named: "deconvolved")
            #expect(raw.levels.map(\.path) == ["raw/0", "raw/1"])
            #expect(deconvolved.levels.map(\.path) == ["deconvolved/0"])
            #expect(raw.summary.id != deconvolved.summary.id && raw.summary.zarrURL == deconvolved.summary.zarrURL)
        }
    }

    @Test func preV04ImagesAndTheirSeparators() async throws {
        try await crawlLayouts { _, catalog in
            let all = try await catalog.allImages(.filters(study: "layouts", []))
            func level(_ folder: String) async throws -> (ImageDetail, ArrayLevel) {
                let summary = try #require(all.first { $0.zarrURL.hasSuffix("/\(folder)") })
                let detail = try #require(try await catalog.image(id: summary.id))
                return (detail, detail.levels[0])
            }
            let (v01, v01Level) = try await level("v01-image.zarr")
            #expect(v01.summary.ngffVersion == "0.1" && v01.axes.map(\.name) == ["t", "c", "z", "y", "x"])
            #expect(v01Level.metadata.chunkKeyEncoding.separator == ".")
            // 0.2 wrote nested "/" chunks without saying so: one probe finds them.
            let (v02, v02Level) = try await level("v02-image.zarr")
            #expect(v02.summary.ngffVersion == "0.2")
            #expect(v02Level.metadata.chunkKeyEncoding.separator == "/")
            #expect(FileManager.default.fileExists(atPath: Fixtures.layouts + "/layouts/v02-image.zarr/0/0/0/0/0/0"))
            let (v03, _) = try await level("v03-image.zarr")
            #expect(v03.axes.map(\.name) == ["c", "y", "x"] && v03.axes.map(\.type) == ["channel", "space", "space"])
        }
    }

    @Test func roCrateMetadataAnnotatesTheImages() async throws {
        try await crawlLayouts { _, catalog in
            let found = try await catalog.allImages(.filters([(.imagingMethod, "FBbi:00000369"), (.organism, "NCBITaxon_9606")]))
            #expect(found.map(\.zarrURL) == ["https://tessera.test/layouts/rocrate-image.ome.zarr"])
            let detail = try #require(try await catalog.image(id: found[0].id))
            #expect(detail.annotations.contains { $0.key == "License" && $0.value == "https://creativecommons.org/licenses/by/4.0/" })
        }
    }
}
