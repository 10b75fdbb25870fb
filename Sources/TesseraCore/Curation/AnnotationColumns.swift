import Foundation

/// The built-in mapping from IDR annotation-table columns to namespaces, keys and term kinds
/// (the column families of IDR's bulkmap configs; a study's own bulkmap config is not applied yet).
public struct ColumnRule: Sendable, Hashable {
    public var namespace: String
    public var key: String
    public var term: Term.Kind?

    /// The rule for a column or key name (`Gene Symbol`, `Phenotype 3 Term Accession`, …), if it has one.
    public static func named(_ name: String) -> ColumnRule? {
        AnnotationColumns.rule(for: name)
    }
}

enum AnnotationColumns {
    static let mapr = "openmicroscopy.org/mapr/"
    static let bulk = "openmicroscopy.org/omero/bulk_annotations"

    /// Rules by column index; columns without a rule are not annotations (addresses, scores, free text).
    static func rules(for header: [String]) -> [Int: ColumnRule] {
        var rules: [Int: ColumnRule] = [:]
        for (index, name) in header.enumerated() {
            if let rule = rule(for: name) {
                rules[index] = rule
            } else if isTermSourceAccession(name), index >= 2, rules[index - 2]?.term == .organism {
                // `Characteristics [Organism], Term Source N REF, Term Source N Accession`: the pair maps the column before it.
                rules[index] = ColumnRule(namespace: mapr + "organism", key: "Organism Term Accession", term: .organism)
            }
        }
        return rules
    }

    static func rule(for column: String) -> ColumnRule? {
        let name = column.trimmingCharacters(in: .whitespaces)
        switch name.lowercased() {
        case "gene symbol", "comment [gene symbol]":
            return ColumnRule(namespace: mapr + "gene", key: "Gene Symbol", term: .gene)
        case "gene identifier", "comment [gene identifier]":
            return ColumnRule(namespace: mapr + "gene", key: "Gene Identifier", term: .gene)
        case "sirna identifier":
            return ColumnRule(namespace: mapr + "sirna", key: "siRNA Identifier", term: .sirna)
        case "sirna pool identifier":
            return ColumnRule(namespace: mapr + "sirna", key: "siRNA Pool Identifier", term: .sirna)
        case "compound name", "experimental condition [compound]":
            return ColumnRule(namespace: mapr + "compound", key: "Compound Name", term: .compound)
        case "compound inchikey", "pubchem inchikey", "inchikey":
            return ColumnRule(namespace: mapr + "compound/supplementary", key: "InChIKey", term: .compound)
        case "characteristics [cell line]", "cell line":
            return ColumnRule(namespace: mapr + "cell_line", key: "Cell Line", term: .cellLine)
        // The keys IDR's bulkmap configs publish (`clientname`s), as map annotations carry them.
        case "organism":
            return ColumnRule(namespace: mapr + "organism", key: "Organism", term: .organism)
        case "phenotype", "phenotype term name", "phenotype term accession":
            return ColumnRule(namespace: mapr + "phenotype", key: name, term: .phenotype)
        case "antibody identifier":
            return ColumnRule(namespace: mapr + "antibody", key: "Antibody Identifier", term: .antibody)
        case "orf identifier":
            return ColumnRule(namespace: mapr + "orf", key: "ORF Identifier", term: .orf)
        case "control type":
            return ColumnRule(namespace: bulk, key: "Control Type", term: nil)
        default:
            return organismRule(name) ?? phenotypeRule(name)
        }
    }

    /// `Characteristics [Organism]`, `Characteristics [Organism 2]`.
    private static func organismRule(_ name: String) -> ColumnRule? {
        guard name.hasPrefix("Characteristics [Organism"), name.hasSuffix("]") else { return nil }
        let number = name.dropFirst("Characteristics [Organism".count).dropLast().trimmingCharacters(in: .whitespaces)
        guard number.allSatisfy(\.isNumber) else { return nil }
        return ColumnRule(namespace: mapr + "organism", key: "Organism", term: .organism)
    }

    /// `Phenotype N`, `Phenotype N Term Name[ a|b]`, `Phenotype N Term Accession[ a|b]`.
    private static func phenotypeRule(_ name: String) -> ColumnRule? {
        var words = name.split(separator: " ").map(String.init)
        guard words.count >= 2, words[0] == "Phenotype", words[1].allSatisfy(\.isNumber) else { return nil }
        if let last = words.last, last == "a" || last == "b", words.count > 2 { words.removeLast() }
        let key: String
        switch words.dropFirst(2).joined(separator: " ") {
        case "": key = "Phenotype"
        case "Term Name": key = "Phenotype Term Name"
        case "Term Accession": key = "Phenotype Term Accession"
        default: return nil
        }
        return ColumnRule(namespace: mapr + "phenotype", key: key, term: .phenotype)
    }

    private static func isTermSourceAccession(_ name: String) -> Bool {
        let words = name.split(separator: " ")
        return words.count == 4 && words[0] == "Term" && words[1] == "Source" && words[2].allSatisfy(\.isNumber) && words[3] == "Accession"
    }
}
