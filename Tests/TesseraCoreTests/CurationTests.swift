import Testing
@testable import TesseraCore

@Suite struct CurationTests {
    @Test func csvFollowsRFC4180() throws {
        let table = try CSVTable.parse("Plate,Well,\"Z-score (Large, spread)\"\r\nP1,A1,\"1,5\"\r\nP1,A2,\"say \"\"hi\"\"\"\r\nP1,A3\r\n")
        #expect(table.header == ["Plate", "Well", "Z-score (Large, spread)"])
        #expect(table.rows.map(\.cells) == [["P1", "A1", "1,5"], ["P1", "A2", "say \"hi\""]])
        #expect(table.malformed.map(\.number) == [3])
        #expect(throws: CSVTable.ParseError.unterminatedQuote(record: 1)) { try CSVTable.parse("a,b\n\"x,y\n") }
        #expect(throws: CSVTable.ParseError.empty) { try CSVTable.parse("") }
    }

    @Test func readsTheIDR0028StudyFile() throws {
        let study = StudyFile.parse(try FixtureFiles.exampleText("idr0028-pascualvargas-rhogtpases/idr0028-study.txt"))
        #expect(study.accession == "idr0028")
        #expect(study.title == "RNAi screens for Rho GTPase regulators of cell shape and YAP/TAZ localisation in triple negative breast cancer.")
        #expect(study.description?.hasPrefix("In order to metastasize triple negative breast cancer") == true)
        #expect(study.license == "CC BY 4.0")
        #expect(study.organisms == ["Homo sapiens"])
        #expect(study.organismAccessions == ["NCBITaxon_9606"])
    }

    @Test func experimentRowsAreAddressedByDatasetAndImage() throws {
        let csv = try CSVTable.parse(FixtureFiles.exampleText("idr0038-held-kidneylightsheet/experimentB/idr0038-experimentB-annotation.csv"))
        let row = try #require(AnnotationTable.read(csv, config: nil, source: "t.csv").rows.first)
        #expect(row.address == .image(dataset: "Organoid functional assay control", image: "S-w-prob-H11-detail-MV.czi [0]"))
    }

    @Test(arguments: [
        (Term.Kind.phenotype, "CMPO:0000118", "cmpo_0000118"),
        (.phenotype, "http://www.ebi.ac.uk/cmpo/CMPO_0000118", "cmpo_0000118"),
        (.phenotype, " Round Cell Phenotype ", "round cell phenotype"),
        (.organism, "9606", "ncbitaxon_9606"),
        (.organism, "NCBITaxon:9606", "ncbitaxon_9606"),
        (.organism, "NCBI:txid9606", "ncbitaxon_9606"),
        (.gene, "arhgap5", "arhgap5"),
    ])
    func termsNormalise(kind: Term.Kind, raw: String, expected: String) {
        #expect(Term(kind: kind, value: raw).normalized == expected)
    }

    @Test func smilesKeepTheirCase() {
        let benzene = MapAnnotation(namespace: "openmicroscopy.org/mapr/compound/supplementary",
                                    pairs: [.init(key: "SMILES", value: "c1ccccc1", source: Provenance(url: "t.csv"))])
        #expect(benzene.pairs.first?.term == .smiles("c1ccccc1"))
        #expect(Term.smiles("c1ccccc1") != Term.smiles("C1CCCCC1"))
        #expect(Term.query(kind: .compound, value: "C1CCCCC1") == [Term(kind: .compound, value: "c1ccccc1"), .smiles("C1CCCCC1")])
        #expect(Term.query(kind: .gene, value: "CDC20") == [Term(kind: .gene, value: "cdc20")])
    }

    @Test(arguments: [("A1", "A", 1), ("p24", "P", 24), ("A01", "A", 1), ("AB12", "AB", 12)])
    func wellNamesParse(name: String, row: String, column: Int) throws {
        let parsed = try #require(WellName.parse(name))
        #expect(parsed.row == row && parsed.column == column)
    }

    @Test func stableIDsDependOnlyOnWhatTheyName() {
        #expect(StableID.make("img_", "idr0028", "a/b") == StableID.make("img_", "idr0028", "a/b"))
        #expect(StableID.make("img_", "idr0028", "a/b") != StableID.make("img_", "idr0028", "a/c"))
        #expect(StableID.make("img_", "ab", "c") != StableID.make("img_", "a", "bc"))
        #expect(StableID.make("img_", "x").count == 20)
        // Catalogued ids must not change between versions: 64-bit FNV-1a, zero-padded to 16 hex digits.
        #expect(StableID.make("img_", "a") == "img_af63dc4c8601ec8c")
        #expect(StableID.make("img_", "idr0423", "img") == "img_008f3cf7a978c922")
    }
}

@Suite struct StudyFileTests {
    @Test func readsTheCuratedFactsOfIDR0028() throws {
        let file = StudyFile.parse(try FixtureFiles.exampleText("idr0028-pascualvargas-rhogtpases/idr0028-study.txt"))
        let facts = file.metadata
        #expect(facts.studyTypes == [StudyMetadata.Term(name: "high content screen", accession: "EFO_0007550")])
        #expect(facts.organismTerms == [StudyMetadata.Term(name: "Homo sapiens", accession: "NCBITaxon_9606")])
        #expect(facts.publications == [StudyMetadata.Publication(
            title: "RNAi screens for Rho GTPase regulators of cell shape and YAP/TAZ localisation in triple negative breast cancer.",
            authors: "Pascual-Vargas P, Cooper S, Sero J, Bousgouni V, Arias-Garcia M, Bakal C",
            doi: "10.1038/sdata.2017.18", pubmedID: "28248929", pmcID: "PMC5332010")])
        #expect(facts.releaseDate == "2016-11-01" && facts.dataDOI == "10.17867/10000104")
        #expect(facts.components.map(\.name) == (["A", "B", "C", "D"].map { "idr0028-pascualvargas-rhogtpases/screen\($0)" }))
        #expect(facts.components[0].imagingMethods == [StudyMetadata.Term(name: "spinning disk confocal microscopy", accession: "FBbi_00000253")])
        #expect(facts.technologyTypes == [StudyMetadata.Term(name: "RNAi screen", accession: "EFO_0007551")])
    }

    @Test func bareTaxonIdsAndSeveralOrganisms() throws {
        let facts = StudyFile.parse(try FixtureFiles.exampleText("idr0094-ellinger-sarscov2/idr0094-study.txt")).metadata
        #expect(facts.organismTerms.first == StudyMetadata.Term(name: "Homo sapiens", accession: "NCBITaxon_9606"))
        #expect(facts.organismTerms.count == 2)
    }

    @Test func spreadsheetQuotingCommentsAndLineEnds() {
        // Given a study file with CRLF ends, quoted comment lines, and a quoted cell spanning two lines with a tab
        let text = "\"# a comment, \"quoted\"\r\nStudy Title\tA title\t\t\r\n# another\r\nStudy Person Address\t\"Dept. of X,\r\nLiverpool\"\t\"tab\there\"\r\n"
            + "Study Organism\tMus musculus\r\nScreen Number\t1\r\nScreen Imaging Method\tconfocal\r\n"
        let file = StudyFile.parse(text)
        #expect(file.title == "A title")
        #expect(file.values["Study Person Address"] == ["Dept. of X,\r\nLiverpool", "tab\there"])
        #expect(file.organisms == ["Mus musculus"])
        #expect(file.components.count == 1 && file.components[0].first("Imaging Method") == "confocal")
    }
}
