/// Two spellings of one term learnt from curated data: a gene symbol and its identifier, a compound name and
/// its InChIKey, an organism name and its NCBITaxon id. Queries follow links to find every spelling.
public struct TermLink: Sendable, Hashable {
    public var kind: Term.Kind
    /// Normalised forms (`Term.normalize`).
    public var a: String
    public var b: String
    /// For genes: the organism (normalised) the link was seen in, since symbols collide across organisms.
    public var scope: String?

    public init(kind: Term.Kind, _ a: String, _ b: String, scope: String? = nil) {
        self.init(Term(kind: kind, value: a), Term(kind: kind, value: b), scope: scope)
    }

    /// Two terms of one kind.
    public init(_ a: Term, _ b: Term, scope: String? = nil) {
        self.kind = a.kind
        self.a = a.normalized
        self.b = b.normalized
        self.scope = scope
    }

    /// Links within one table row: gene symbols with identifiers of the same annotation, phenotype term names
    /// with their accessions (the n-th name with the n-th accession, for `a`/`b` mappings), every compound
    /// spelling with the compound name. Gene links are scoped by the row's organism when it has one.
    public static func learn(from annotations: [MapAnnotation], organisms: [String]) -> [TermLink] {
        func values(_ annotation: MapAnnotation, _ key: String) -> [String] {
            annotation.pairs.filter { $0.key == key && !$0.value.isEmpty }.map(\.value)
        }
        let rowOrganisms = annotations.filter { $0.namespace == TermKeys.mapr + "organism" }.flatMap { values($0, "Organism") }
        let scopes = Set((rowOrganisms.isEmpty ? organisms : rowOrganisms).map { Term.normalize($0, kind: .organism) })
        let scope = scopes.count == 1 ? scopes.first : nil
        var links: [TermLink] = []
        var compounds: [Term] = []
        for annotation in annotations where annotation.namespace.hasPrefix(TermKeys.mapr) {
            switch annotation.namespace.dropFirst(TermKeys.mapr.count) {
            case "gene":
                for identifier in values(annotation, "Gene Identifier") {
                    links += values(annotation, "Gene Symbol").map { TermLink(kind: .gene, $0, identifier, scope: scope) }
                }
            case "phenotype":
                links += zip(values(annotation, "Phenotype Term Name"), values(annotation, "Phenotype Term Accession"))
                    .map { TermLink(kind: .phenotype, $0, $1) }
            case "compound", "compound/supplementary":
                compounds += annotation.pairs.compactMap(\.term).filter { $0.kind == .compound }
            default:
                break
            }
        }
        if let name = compounds.first {
            links += compounds.dropFirst().map { TermLink(name, $0) }
        }
        return links.filter { $0.a != $0.b }
    }

    /// Organism and cell-line columns followed by their ontology pair
    /// (`Characteristics [Organism], Term Source 1 REF, Term Source 1 Accession`), by column index.
    public static func accessionColumns(header: [String]) -> [(column: Int, kind: Term.Kind)] {
        header.indices.dropLast(2).compactMap { index in
            guard isTermSourceAccession(header[index + 2]) else { return nil }
            let name = header[index].lowercased()
            if name.hasPrefix("characteristics [organism") { return (index, .organism) }
            return name == "characteristics [cell line]" ? (index, .cellLine) : nil
        }
    }

    /// A row's names linked to the accessions two columns on (`accessionColumns`).
    public static func learn(cells: [String], accessionColumns: [(column: Int, kind: Term.Kind)]) -> [TermLink] {
        accessionColumns.compactMap { index, kind in
            let value = cells[index].trimmingSpaces(), accession = cells[index + 2].trimmingSpaces()
            guard !value.isEmpty, !accession.isEmpty else { return nil }
            let link = TermLink(kind: kind, value, accession)
            return link.a == link.b ? nil : link
        }
    }

    private static func isTermSourceAccession(_ name: String) -> Bool {
        let words = name.split(separator: " ")
        return words.count == 4 && words[0] == "Term" && words[1] == "Source" && words[2].allSatisfy(\.isNumber) && words[3] == "Accession"
    }

    /// Common names of the organisms imaging studies use most, which curation files spell as Latin names or ids.
    public static let commonOrganismNames: [TermLink] = [
        ("human", "Homo sapiens", "9606"), ("mouse", "Mus musculus", "10090"), ("rat", "Rattus norvegicus", "10116"),
        ("zebrafish", "Danio rerio", "7955"), ("fruit fly", "Drosophila melanogaster", "7227"),
        ("baker's yeast", "Saccharomyces cerevisiae", "4932"), ("budding yeast", "Saccharomyces cerevisiae", "4932"),
        ("fission yeast", "Schizosaccharomyces pombe", "4896"), ("nematode", "Caenorhabditis elegans", "6239"),
        ("thale cress", "Arabidopsis thaliana", "3702"), ("african clawed frog", "Xenopus laevis", "8355"),
        ("chicken", "Gallus gallus", "9031"), ("e. coli", "Escherichia coli", "562"),
        ("sars-cov-2", "Severe acute respiratory syndrome coronavirus 2", "2697049"),
    ].flatMap { common, latin, taxon in
        [TermLink(kind: .organism, common, taxon), TermLink(kind: .organism, latin, taxon)]
    }
}
