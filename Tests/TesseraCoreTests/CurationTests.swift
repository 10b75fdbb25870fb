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

    @Test func matchesIDR0028RowsToWellsWithTheirTerms() throws {
        let csv = try CSVTable.parse(FixtureFiles.exampleText("idr0028-pascualvargas-rhogtpases/screenB/idr0028-screenB-annotation.csv"))
        let table = AnnotationTable.read(csv)
        #expect(table.problems.isEmpty)
        #expect(table.rows.count == 6)
        let f9 = try #require(table.rows.first { $0.address == .well(plate: "LM2_ONTARGETPlus_1A", row: "F", column: 9) })
        let terms = Set(f9.entries.compactMap(\.term))
        #expect(terms.contains(Term(kind: .gene, value: "ARHGAP5")))
        #expect(terms.contains(Term(kind: .phenotype, value: "CMPO_0000118")))
        #expect(terms.contains(Term(kind: .phenotype, value: "round cell phenotype")))
        #expect(terms.contains(Term(kind: .organism, value: "NCBITaxon_9606")))
        #expect(terms.contains(Term(kind: .cellLine, value: "LM2")))
        #expect(f9.entries.contains { $0.key == "Phenotype" && $0.namespace == "openmicroscopy.org/mapr/phenotype" })
    }

    @Test func experimentRowsAreAddressedByDatasetAndImage() throws {
        let csv = try CSVTable.parse(FixtureFiles.exampleText("idr0038-held-kidneylightsheet/experimentB/idr0038-experimentB-annotation.csv"))
        let row = try #require(AnnotationTable.read(csv).rows.first)
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
    }
}
