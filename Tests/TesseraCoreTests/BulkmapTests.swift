import Testing
@testable import TesseraCore

/// IDR's bulkmap semantics (omero-py's KeyValueGroupList / MapAnnotationManager), on real and on small configs.
@Suite struct BulkmapTests {
    static let idr0025 = "idr0025-stadler-proteinatlas/screenA/idr0025-screenA-"

    private func pairs(_ annotation: MapAnnotation?) -> [[String]] {
        (annotation?.pairs ?? []).map { [$0.key, $0.value] }
    }

    @Test func idr0025RowGivesTheAnnotationsIDRShows() throws {
        let config = try BulkmapConfig.parse(FixtureFiles.idrText(Self.idr0025 + "bulkmap-config.yml"))
        let table = try AnnotationTable.read(CSVTable.parse(FixtureFiles.idrText(Self.idr0025 + "annotation.csv")), config: config, source: "a.csv")
        #expect(table.problems.isEmpty)
        let row = try #require(table.rows.first { $0.address == .well(plate: "10x images plate 2", row: "E", column: 9) })
        let gene = row.annotations.first { $0.namespace == "openmicroscopy.org/mapr/gene" }
        #expect(pairs(gene) == [["Gene Identifier", "ENSG00000132688"], ["Gene Identifier URL", "http://www.ensembl.org/id/ENSG00000132688"],
                                ["Gene Symbol", "NES"]])
        let phenotypes = row.annotations.filter { $0.namespace == "openmicroscopy.org/mapr/phenotype" }
        #expect(phenotypes.map(pairs) == [[
            ["Phenotype", "antibody localized in intermediate filaments"],
            ["Phenotype Term Name", "protein localized in intermediate filament phenotype"],
            ["Phenotype Term Accession", "CMPO_0000441"],
            ["Phenotype Term Accession URL", "http://www.ebi.ac.uk/cmpo/CMPO_0000441"],
        ]], "the empty Phenotype 1, 2, 4…14 groups give nothing (omitempty)")
        #expect(gene?.pairs.compactMap(\.term) == [Term(kind: .gene, value: "ENSG00000132688"), Term(kind: .gene, value: "NES")])
        let provenance = try #require(gene?.pairs.last?.source)
        #expect(provenance == Provenance(url: "a.csv", row: row.number, column: "Gene Symbol"))
        #expect(table.links.contains(TermLink(kind: .organism, "Homo sapiens", "NCBITaxon_9606")))
        #expect(table.links.contains(TermLink(kind: .cellLine, "U2OS", "EFO_0002869")))
    }

    @Test func builtInMappingCoversTheSameFamilies() throws {
        let csv = try CSVTable.parse(FixtureFiles.idrText(Self.idr0025 + "annotation.csv"))
        let table = try AnnotationTable.read(csv, config: nil, source: "a.csv")
        let row = try #require(table.rows.first { $0.address == .well(plate: "10x images plate 2", row: "E", column: 9) })
        let namespaces = Set(row.annotations.map(\.namespace))
        #expect(namespaces.isSuperset(of: ["openmicroscopy.org/mapr/gene", "openmicroscopy.org/mapr/phenotype", "openmicroscopy.org/mapr/organism",
                                           "openmicroscopy.org/mapr/cell_line", "openmicroscopy.org/mapr/sirna", "openmicroscopy.org/mapr/antibody"]))
        let terms = Set(row.annotations.flatMap { $0.pairs.compactMap(\.term) })
        #expect(terms.isSuperset(of: [Term(kind: .gene, value: "NES"), Term(kind: .phenotype, value: "CMPO_0000441"),
                                      Term(kind: .antibody, value: "HPA007007"), Term(kind: .sirna, value: "s21141")]))
    }

    @Test func columnOptionsFollowOmeroPy() throws {
        let config = try BulkmapConfig.parse("""
            defaults: {include: no, omitempty: yes}
            columns:
              - {name: Control Type, include: yes}
              - {name: Channels, include: yes, split: ";", visible: no}
              - group:
                  namespace: openmicroscopy.org/mapr/gene
                  columns:
                    - {name: Gene, clientname: Gene Symbol, include: yes, omitempty: no}
                    - name: Gene
                      clientname: Gene URL
                      clientvalue: >
                        https://example.org/{{ value|urlencode }}
                      include: yes
                    - {name: Gene, clientname: Gene Label, clientvalue: "{{ value }} (curated)", include: yes}
                    - {name: Pool, clientname: siRNA Identifier, clientvalue: "", include: yes}
                    - {name: Ignored}
            advanced: {well_to_images: yes}
            """)
        let csv = try CSVTable.parse("Plate,Well,Control Type,Channels,Gene,Pool,Ignored\nP,A1,,DAPI: DNA; GFP:x ;,a b/ü,p1,z\nP,A2,neg,,,,z\n")
        let table = try AnnotationTable.read(csv, config: config, source: "t.csv")
        #expect(config.wellToImages)
        let first = table.rows[0].annotations.map(pairs)
        #expect(first == [
            [["Gene Symbol", "a b/ü"], ["Gene URL", "https://example.org/a%20b/%C3%BC"], ["Gene Label", "a b/ü (curated)"],
             ["siRNA Identifier", ""]],
            [["__Channels", "DAPI: DNA"], ["__Channels", "GFP:x"]],
        ])
        #expect(table.rows[0].annotations.last?.namespace == BulkmapConfig.bulkNamespace)
        // Omitted-when-empty pairs vanish, but a column with `omitempty: no` keeps its key.
        #expect(table.rows[1].annotations.map(pairs) == [[["Gene Symbol", ""]], [["Control Type", "neg"]]])
    }

    @Test func positionsPlaceColumnsAndGapsAreFilled() throws {
        let config = try BulkmapConfig.parse("""
            columns:
              - {name: a}
              - {name: b, position: 3}
              - {name: c, position: 1}
            """)
        #expect(try config.outputGroups(header: ["a", "b", "c"]).last?.columns.map(\.name) == ["c", "a", "b"])
        let unconfigured = try config.outputGroups(header: ["a", "b", "c", "d"]).last?.columns.map(\.name)
        #expect(unconfigured == ["c", "a", "b", "d"], "the built-in default includes columns the config does not name")
    }

    @Test func invalidConfigsAreRefusedWithTheReason() {
        #expect(throws: BulkmapConfig.Invalid.self) { try BulkmapConfig.parse("columns:\n  - {name: a, colour: red}\n") }
        #expect(throws: ClientValueTemplate.UnsupportedExpression.self) {
            try BulkmapConfig.parse("columns:\n  - {name: a, clientvalue: \"{{ value|truncate(3) }}\"}\n")
        }
        #expect(throws: BulkmapConfig.Invalid.self) { try BulkmapConfig.parse("columns: [\n") }
    }

    @Test func primaryKeysShareAnnotationsAcrossRows() throws {
        let config = try BulkmapConfig.parse("""
            defaults: {include: yes, omitempty: yes}
            columns:
              - group:
                  namespace: openmicroscopy.org/mapr/gene
                  columns:
                    - {name: Gene Symbol}
                    - {name: Note}
            advanced:
              primary_group_keys: [{namespace: openmicroscopy.org/mapr/gene, keys: [Gene Symbol]}]
            """)
        let csv = try CSVTable.parse("Plate,Well,Gene Symbol,Note\nP,A1,CDC20,x\nP,A2,CDC20,y\nP,A3,,z\nP,A4,CDC20,x\n")
        var set = MapAnnotationSet()
        set.add(try AnnotationTable.read(csv, config: config, source: "t.csv"))
        let genes = set.entries.filter { $0.annotation.namespace == "openmicroscopy.org/mapr/gene" }
        #expect(genes.count == 1, "A3 lacks the primary key: no gene annotation for it")
        #expect(genes.first?.shared == true)
        #expect(genes.first.map { pairs($0.annotation) } == [["Gene Symbol", "CDC20"], ["Note", "x"], ["Note", "y"]])
        #expect(genes.first?.rows.count == 3)
    }
}
