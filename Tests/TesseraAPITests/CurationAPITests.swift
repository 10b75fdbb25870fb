import Foundation
import Testing
import TesseraCore
import TesseraCrawler
import TesseraTesting

/// Cross-study curation queries: every spelling of a term, autocomplete, term detail, related studies.
@Suite struct CurationAPITests {
    private func ids(_ answer: Answer) -> [String] { answer.items.compactMap { $0["id"] as? String } }

    static func encoded(_ value: String) -> String { value.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? value }

    @Test(arguments: TestBackend.available)
    func imageFiltersAcceptEverySpellingOfATerm(backend: TestBackend) async throws {
        try await APIHarness.withAPI(backend) { (client: APIClient) async throws in
            // idr0094: one compound by InChIKey, by name in any case and by PubChem CID.
            let byKey = try await client.get("/v1/images?compound=JKOCAAWWDVHWKB-UHFFFAOYSA-N")
            #expect(byKey.items.map { "\($0["plate"] as? String ?? "") \($0["well"] as? String ?? "")" } == ["ESP0025769 A1"])
            #expect(ids(try await client.get("/v1/images?compound=l-690330")) == ids(byKey))
            #expect(ids(try await client.get("/v1/images?compound=132449")) == ids(byKey))
            // SMILES match as written: case tells aromatic from aliphatic atoms.
            let smiles = "CC(Oc1ccc(O)cc1)(P(O)(O)=O)P(O)(O)=O"
            #expect(ids(try await client.get("/v1/images?compound=\(Self.encoded(smiles))")) == ids(byKey))
            #expect(ids(try await client.get("/v1/images?compound=\(Self.encoded(smiles.uppercased()))")).isEmpty)
            // idr0028: the Entrez id learnt beside the symbol, a CMPO CURIE and its PURL.
            let gene = try await client.get("/v1/images?gene=ARHGAP5&phenotype=CMPO_0000118")
            #expect(ids(try await client.get("/v1/images?gene=394&phenotype=CMPO:0000118")) == ids(gene))
            #expect(ids(try await client.get("/v1/images?gene=arhgap5&phenotype=http%3A%2F%2Fwww.ebi.ac.uk%2Fcmpo%2FCMPO_0000118")) == ids(gene))
            // Organisms by common name and by taxon id; repeated parameters of one kind are alternatives.
            let human = ids(try await client.get("/v1/images?organism=human&limit=1000"))
            #expect(human == ids(try await client.get("/v1/images?organism=NCBITaxon:9606&limit=1000")))
            let either = ids(try await client.get("/v1/images?organism=human&organism=mouse&limit=1000"))
            let mouse = ids(try await client.get("/v1/images?organism=Mus%20musculus&limit=1000"))
            #expect(!mouse.isEmpty && Set(either) == Set(human).union(mouse))
            // idr0028's ARHGAP5 siRNA pool is on both plates' ARHGAP5 wells; its screen B plate holds LM2 cells, idr0094's Caco-2.
            let arhgap5 = ids(try await client.get("/v1/images?gene=ARHGAP5"))
            #expect(arhgap5.count == 8)
            #expect(ids(try await client.get("/v1/images?sirna=L-009580-00")) == arhgap5)
            let lm2 = try await client.get("/v1/images?cell_line=LM2").items
            #expect(lm2.count == 12 && lm2.allSatisfy { $0["plate"] as? String == "LM2_ONTARGETPlus_1A" })
            let idr0094 = ids(try await client.get("/v1/images?study=idr0094"))
            #expect(idr0094.count == 7)
            #expect(ids(try await client.get("/v1/images?cell_line=caco-2")) == idr0094)
        }
    }

    /// Related studies come most shared terms first, whatever their ids: three small studies with genes in common.
    @Test(arguments: TestBackend.available)
    func relatedStudiesAreRankedByOverlap(backend: TestBackend) async throws {
        let bucket = try Fixtures.temporaryFolder("tessera-related")
        defer { try? FileManager.default.removeItem(at: bucket) }
        for (study, genes) in [("study-a", ["RAC1", "RHOA", "CDC42"]), ("study-b", ["CDC42"]), ("study-c", ["RAC1", "RHOA"])] {
            let folder = bucket.appendingPathComponent(study)
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
            try "Study Organism\tHomo sapiens\n".write(to: folder.appendingPathComponent("\(study)-study.txt"), atomically: true, encoding: .utf8)
            let rows = genes.enumerated().map { "P,A\($0.offset + 1),\($0.element)\n" }.joined()
            try ("Plate,Well,Gene Symbol\n" + rows).write(to: folder.appendingPathComponent("\(study)-annotation.csv"), atomically: true, encoding: .utf8)
        }
        try await APIHarness.withAPI(backend, bucket: bucket.path) { (client: APIClient) async throws in
            let related = try await client.get("/v1/studies/study-a/related").items
            #expect(related.map { "\($0["study"] as? String ?? "") \($0["shared"] as? Int ?? 0)" } == ["study-c 2", "study-b 1"])
            #expect((related.first?["shared_terms"] as? [[String: Any]])?.compactMap { $0["label"] as? String } == ["RAC1", "RHOA"])
        }
    }

    @Test(arguments: TestBackend.available)
    func autocompleteListsPrefixMatchesFirst(backend: TestBackend) async throws {
        try await APIHarness.withAPI(backend) { (client: APIClient) async throws in
            let answer = try await client.get("/v1/terms?kind=gene&prefix=ARH")
            #expect(answer.status == 200)
            let first = try #require(answer.items.first)
            #expect(first["term"] as? String == "arhgap5" && first["label"] as? String == "ARHGAP5")
            #expect(first["studies"] as? Int == 1 && (first["images"] as? Int ?? 0) > 0 && (first["wells"] as? Int ?? 0) > 0)
            #expect(answer.items.allSatisfy { ($0["term"] as? String)?.hasPrefix("arh") == true })
            let any = try await client.get("/v1/terms?prefix=round&limit=5")
            #expect(any.items.contains { $0["kind"] as? String == "phenotype" && $0["term"] as? String == "round cell phenotype" })
            let inside = try await client.get("/v1/terms?kind=phenotype&prefix=cell")
            let terms = inside.items.compactMap { $0["term"] as? String }
            let firstContained = terms.firstIndex { !$0.hasPrefix("cell") } ?? terms.count
            #expect(terms[firstContained...].allSatisfy { !$0.hasPrefix("cell") && $0.contains("cell") })
            #expect(try await client.get("/v1/terms?kind=colour").status == 400)
            #expect(try await client.get("/v1/terms?limit=101").status == 400)
        }
    }

    @Test(arguments: TestBackend.available)
    func aTermResolvesThroughItsSpellings(backend: TestBackend) async throws {
        try await APIHarness.withAPI(backend) { (client: APIClient) async throws in
            let answer = try await client.get("/v1/terms/phenotype/CMPO:0000118")
            #expect(answer.status == 200)
            let matches = answer.json["matches"] as? [[String: Any]] ?? []
            #expect(matches.first?["term"] as? String == "cmpo_0000118" && matches.first?["via"] is NSNull)
            #expect(matches.contains { $0["term"] as? String == "round cell phenotype" && $0["via"] as? String == "cmpo_0000118" })
            let studies = answer.json["studies"] as? [[String: Any]] ?? []
            #expect(studies.map { $0["study"] as? String } == ["idr0028"])
            #expect((studies.first?["images"] as? Int ?? 0) > 0)
            let organism = try await client.get("/v1/terms/organism/human").json
            #expect(Set((organism["studies"] as? [[String: Any]] ?? []).compactMap { $0["study"] as? String }) == ["idr0028", "idr0094"])
            #expect(try await client.get("/v1/terms/gene/NOSUCHGENE").status == 404)
            #expect(try await client.get("/v1/terms/colour/red").status == 400)
        }
    }

    /// Every pair shown on an image keeps its raw value and where it came from: the table, record and column, or the
    /// study file; and the crawl run that read it.
    @Test(arguments: TestBackend.available)
    func annotationsShowTheirProvenance(backend: TestBackend) async throws {
        try await APIHarness.withAPI(backend) { (client: APIClient) async throws in
            let hit = try #require(try await client.get("/v1/images?gene=ARHGAP5&phenotype=CMPO_0000118").items.first)
            #expect(hit["plate"] as? String == "LM2_ONTARGETPlus_1A" && hit["well"] as? String == "F9")
            let annotations = try #require(try await client.get("/v1/images/\(hit["id"] as? String ?? "")").json["annotations"] as? [[String: Any]])
            let run = try #require(try await client.get("/v1/crawls").items.first?["id"] as? Int)
            #expect(annotations.allSatisfy { $0["crawl_run"] as? Int == run })
            let gene = try #require(annotations.first { $0["key"] as? String == "Gene Symbol" })
            #expect(gene["value"] as? String == "ARHGAP5" && gene["kind"] as? String == "gene")
            // The record and column named hold the value (the gene annotation is shared: its first row names it).
            let source = try #require(gene["source"] as? [String: Any])
            let url = try #require(source["url"] as? String)
            #expect(url.hasPrefix(APIHarness.base + "idr0028-pascualvargas-rhogtpases/") && url.hasSuffix("-annotation.csv"))
            let table = try CSVTable.parse(String(contentsOfFile: Fixtures.examples + "/" + url.dropFirst(APIHarness.base.count), encoding: .utf8))
            let record = try #require(table.rows.first { $0.number == source["row"] as? Int })
            let column = try #require(table.header.firstIndex { $0 == source["column"] as? String })
            #expect(record.cells[column] == "ARHGAP5")
            // The study file's facts name the file alone.
            let method = try #require(annotations.first { $0["key"] as? String == "Imaging Method" })
            let studyFile = try #require(method["source"] as? [String: Any])
            #expect(studyFile["url"] as? String == APIHarness.base + "idr0028-pascualvargas-rhogtpases/idr0028-study.txt")
            #expect(studyFile["row"] == nil && studyFile["column"] == nil)
        }
    }

    /// The study file's imaging methods are terms of the images of each component, by FBbi accession or by name.
    @Test(arguments: TestBackend.available)
    func studyFileImagingMethodsFilterImages(backend: TestBackend) async throws {
        try await APIHarness.withAPI(backend) { (client: APIClient) async throws in
            func studies(_ query: String) async throws -> [String: Int] {
                try await client.getAll("/v1/images?" + query).reduce(into: [:]) { $0[$1["study"] as? String ?? "", default: 0] += 1 }
            }
            let all = try await studies("")
            let spinningDisk = try await studies("imaging_method=FBbi_00000253")
            #expect(spinningDisk == all.filter { $0.key != "idr0038" })
            #expect(try await studies("imaging_method=spinning%20disk%20confocal%20microscopy") == spinningDisk)
            #expect(try await studies("imaging_method=FBbi:00000364") == all.filter { $0.key == "idr0038" }, "light sheet")
            // idr0094's screen A was imaged both ways.
            #expect(try await studies("imaging_method=phase%20contrast%20microscopy") == all.filter { $0.key == "idr0094" })
            let term = try await client.get("/v1/terms/imaging_method/FBbi_00000253").json
            #expect((term["matches"] as? [[String: Any]])?.compactMap { $0["term"] as? String } == ["fbbi_00000253", "spinning disk confocal microscopy"])
        }
    }

    /// The six curated IDR studies (no image data), crawled once per backend: the crawl is the slow part.
    @Test(arguments: TestBackend.available)
    func curatedStudiesWithoutImages(backend: TestBackend) async throws {
        try await APIHarness.withAPI(backend, bucket: Fixtures.idr) { (client: APIClient) async throws in
            try await geneSymbolsAreScopedByOrganism(client)
            try await relatedStudiesShareTermsAndGenesOnlyWithinAnOrganism(client)
            try await rowsWithoutImagesAreReportedPerStudy(client)
        }
    }

    /// idr0011's curation with the one plate a filesets table places in a BioImage Archive-style bucket: yeast CDC20
    /// (well E7) answers to a yeast query in any spelling, never to a human one.
    @Test(arguments: TestBackend.available)
    func yeastCDC20ImagesAreNotHumanCDC20Images(backend: TestBackend) async throws {
        let folder = try Fixtures.idrStudies(["idr0011"])
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let filesets = FilesetMapping.parse(try String(contentsOfFile: Fixtures.idr0011Filesets, encoding: .utf8)).rows
        let curation = Curation(source: try LocalFolderSource(path: folder, publicBaseURL: "https://curation.test/"), filesets: filesets)
        try await APIHarness.withAPI(backend, bucket: Fixtures.idrData, curation: curation) { (client: APIClient) async throws in
            func wells(_ query: String) async throws -> [String] {
                try await client.getAll("/v1/images?" + query).map { "\($0["plate"] as? String ?? "") \($0["well"] as? String ?? "")" }
            }
            let yeast = ["Plate1-TS-Red-B E7"]
            #expect(try await wells("gene=CDC20") == yeast)
            for organism in ["Saccharomyces%20cerevisiae", "4932", "NCBITaxon_4932"] {
                #expect(try await wells("gene=CDC20&organism=\(organism)") == yeast, "organism \(organism)")
            }
            #expect(try await wells("gene=YGL116W") == yeast, "by the SGD identifier learnt beside the symbol")
            #expect(try await wells("gene=CDC20&organism=Homo%20sapiens").isEmpty)
            #expect(try await wells("gene=CDC20&organism=human").isEmpty)
        }
    }

    private func geneSymbolsAreScopedByOrganism(_ client: APIClient) async throws {
        let yeast = try await client.get("/v1/terms/gene/CDC20")
        #expect((yeast.json["studies"] as? [[String: Any]])?.map { $0["study"] as? String } == ["idr0011"])
        let wells = (yeast.json["studies"] as? [[String: Any]])?.first?["wells"] as? Int
        #expect((wells ?? 0) > 0)
        // The SGD identifier learnt beside the symbol leads to the same study.
        let bySGD = try await client.get("/v1/terms/gene/YGL116W").json
        #expect((bySGD["matches"] as? [[String: Any]])?.contains { $0["term"] as? String == "cdc20" } == true)
        // Yeast CDC20 is not human CDC20.
        #expect(try await client.get("/v1/terms/gene/CDC20?organism=Homo%20sapiens").status == 404)
        for organism in ["Saccharomyces%20cerevisiae", "4932", "NCBITaxon_4932", "baker's%20yeast"] {
            let scoped = try await client.get("/v1/terms/gene/CDC20?organism=\(organism)")
            #expect(scoped.status == 200, "organism \(organism)")
        }
    }

    private func relatedStudiesShareTermsAndGenesOnlyWithinAnOrganism(_ client: APIClient) async throws {
        let answer = try await client.get("/v1/studies/idr0028/related")
        #expect(answer.status == 200 && answer.json["study"] as? String == "idr0028")
        let items = answer.items
        #expect(!items.isEmpty)
        let shared = items.compactMap { $0["shared"] as? Int }
        #expect(shared == shared.sorted(by: >))
        for item in items {
            let terms = item["shared_terms"] as? [[String: Any]] ?? []
            #expect(terms.count == item["shared"] as? Int)
            #expect(item["study"] as? String != "idr0011" || terms.allSatisfy { $0["kind"] as? String != "gene" },
                    "a yeast study shares no genes with a human one")
            // Each shared term is carried by both studies.
            let term = try #require(terms.first)
            let detail = try await client.get("/v1/terms/\(term["kind"] as? String ?? "")/\((term["term"] as? String ?? "").addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? "")")
            let carriers = Set((detail.json["studies"] as? [[String: Any]] ?? []).compactMap { $0["study"] as? String })
            #expect(carriers.isSuperset(of: ["idr0028", item["study"] as? String ?? ""]))
        }
        // Pages of one item hold the same studies in the same order.
        let paged = try await client.getAll("/v1/studies/idr0028/related?limit=1")
        #expect(paged.map { $0["study"] as? String } == items.map { $0["study"] as? String })
        #expect(try await client.get("/v1/studies/idr9999/related").status == 404)
    }

    private func rowsWithoutImagesAreReportedPerStudy(_ client: APIClient) async throws {
        let study = try await client.get("/v1/studies/idr0038").json
        #expect(study["unmatched_rows"] as? Int == 96)
        let runs = try await client.get("/v1/crawls").items
        let run = try await client.get("/v1/crawls/\(try #require(runs.first?["id"] as? Int))").json
        #expect(run["unmatched_rows"] as? Int == 23_328)
        let details = run["unmatched_row_details"] as? [[String: Any]] ?? []
        #expect(details.compactMap { $0["study"] as? String } == ["idr0011", "idr0025", "idr0028", "idr0038", "idr0080", "idr0094"])
        #expect(details.first { $0["study"] as? String == "idr0038" }?["count"] as? Int == 96)
        let row = (details.first?["rows"] as? [[String: Any]])?.first
        #expect((row?["address"] as? String)?.hasPrefix("plate ") == true && row?["row"] is Int)
    }
}
