import Foundation
import Testing
import TesseraCore

/// The built-in mapping, applied to the six real studies' tables without their bulkmap configs, finds every term
/// their configs give.
@Suite struct BuiltInMappingTests {
    /// A study's annotation tables (`…-annotation.csv`), each with the text of the bulkmap config beside it.
    private func tables(_ study: URL) throws -> [(table: CSVTable, config: String)] {
        let files = FileManager.default.enumerator(at: study, includingPropertiesForKeys: nil)?.compactMap { $0 as? URL } ?? []
        return try files.filter { $0.lastPathComponent.hasSuffix("-annotation.csv") }.sorted { $0.path < $1.path }.map { csv in
            let config = csv.path.replacingOccurrences(of: "-annotation.csv", with: "-bulkmap-config.yml")
            return (try CSVTable.parse(String(contentsOf: csv, encoding: .utf8)), try String(contentsOfFile: config, encoding: .utf8))
        }
    }

    /// The terms of a study's tables, and the reagent pairs (CRISPR guides, siRNA sequences), which name no term.
    private func curated(_ tables: [(table: CSVTable, config: String)], builtIn: Bool) throws -> (terms: Set<Term>, reagents: Set<[String]>) {
        var terms = Set<Term>(), reagents = Set<[String]>()
        for (csv, config) in tables {
            let table = try AnnotationTable.read(csv, config: builtIn ? nil : try BulkmapConfig.parse(config), source: "t.csv")
            for annotation in table.rows.flatMap(\.annotations) {
                terms.formUnion(annotation.pairs.compactMap(\.term))
                reagents.formUnion(annotation.pairs.filter { ["Reagent Identifier", "Sense Sequence", "Antisense Sequence"].contains($0.key) }
                    .map { [annotation.namespace, $0.key, $0.value] })
            }
        }
        return (terms, reagents)
    }

    @Test func theBuiltInMappingFindsWhatEachStudysConfigsFind() throws {
        let studies = try FileManager.default.contentsOfDirectory(at: FixtureFiles.idr, includingPropertiesForKeys: nil)
            .filter { $0.lastPathComponent.hasPrefix("idr") }.sorted { $0.path < $1.path }
        #expect(studies.count == 6)
        var builtIns: [String: Set<Term>] = [:]
        for study in studies {
            let tables = try tables(study)
            let configured = try curated(tables, builtIn: false), builtIn = try curated(tables, builtIn: true)
            let name = String(study.lastPathComponent.prefix(7))
            #expect(builtIn.terms == configured.terms, "\(name): only configured \(configured.terms.subtracting(builtIn.terms)), only built in \(builtIn.terms.subtracting(configured.terms))")
            #expect(builtIn.reagents == configured.reagents, "\(name)")
            #expect(["idr0025", "idr0080"].contains(name) == !configured.reagents.isEmpty, "\(name): siRNA sequences, CRISPR guides")
            builtIns[name] = builtIn.terms
        }
        #expect(Set(builtIns.values.joined().map(\.kind)) == [.gene, .sirna, .compound, .phenotype, .organism, .cellLine, .antibody])
        // Each column family a config maps, seen in the built-in terms: a value of the column, read from the table.
        let families: [(study: String, table: String, column: String, term: (String) -> Term)] = [
            ("idr0094", "idr0094-ellinger-sarscov2/screenA/idr0094-screenA-", "Compound InChIKey", { Term(kind: .compound, value: $0) }),
            ("idr0094", "idr0094-ellinger-sarscov2/screenA/idr0094-screenA-", "Compound PubChem CID", { Term(kind: .compound, value: $0) }),
            ("idr0094", "idr0094-ellinger-sarscov2/screenA/idr0094-screenA-", "Compound SMILES", Term.smiles),
            ("idr0094", "idr0094-ellinger-sarscov2/screenA/idr0094-screenA-", "Characteristics [Organism 2]", { Term(kind: .organism, value: $0) }),
            ("idr0028", "idr0028-pascualvargas-rhogtpases/screenA/idr0028-screenA-", "Phenotype 1 Term Name b", { Term(kind: .phenotype, value: $0) }),
            ("idr0028", "idr0028-pascualvargas-rhogtpases/screenA/idr0028-screenA-", "Phenotype 1 Term Accession b", { Term(kind: .phenotype, value: $0) }),
        ]
        for family in families {
            let csv = try CSVTable.parse(FixtureFiles.idrText(family.table + "annotation.csv"))
            let column = try #require(csv.header.firstIndex(of: family.column))
            let value = try #require(csv.rows.lazy.map { $0.cells[column] }.first { !$0.isEmpty })
            #expect(builtIns[family.study]?.contains(family.term(value)) == true, "\(family.column) \(value)")
        }
    }
}
