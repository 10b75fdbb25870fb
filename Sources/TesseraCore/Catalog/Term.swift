import Foundation

/// A curated term: what kind of thing a value names, and the form queries compare it by.
public struct Term: Sendable, Hashable {
    public enum Kind: String, Sendable, CaseIterable {
        case gene, sirna, compound, phenotype, organism, cellLine = "cell_line", antibody, orf
        case imagingMethod = "imaging_method"
    }

    public var kind: Kind
    /// Case-folded, accession prefixes unified: what `/v1/images?<kind>=` matches against.
    public var normalized: String

    public init(kind: Kind, value: String) {
        self.kind = kind
        self.normalized = Term.normalize(value, kind: kind)
    }

    private init(kind: Kind, normalized: String) {
        self.kind = kind
        self.normalized = normalized
    }

    /// SMILES are case-sensitive (`c1ccccc1` is benzene, `C1CCCCC1` cyclohexane): kept as written, marked so that
    /// no compound name, compared case-folded, meets one.
    public static func smiles(_ value: String) -> Term {
        Term(kind: .compound, normalized: "smiles:" + value.trimmingWhitespace())
    }

    /// What a query value may stand for: the term it normalises to, and for compounds also the SMILES it may be.
    public static func query(kind: Kind, value: String) -> [Term] {
        kind == .compound ? [Term(kind: kind, value: value), .smiles(value)] : [Term(kind: kind, value: value)]
    }

    /// How free text compares when case does not matter: trimmed and lower-cased (Unicode), as keys and values
    /// of map annotations are stored for search.
    public static func fold(_ text: String) -> String {
        text.trimmingWhitespace().lowercased()
    }

    /// Ontology accessions come as `CMPO_0000118`, `CMPO:0000118` or a PURL; names in any case.
    public static func normalize(_ value: String, kind: Kind) -> String {
        var text = fold(value)
        for prefix in ["http://www.ebi.ac.uk/cmpo/", "http://purl.obolibrary.org/obo/", "https://purl.obolibrary.org/obo/", "obo:"]
        where text.hasPrefix(prefix) {
            text.removeFirst(prefix.count)
        }
        if let colon = text.firstIndex(of: ":"), text[text.startIndex..<colon].allSatisfy(\.isLetter),
           text[text.index(after: colon)...].allSatisfy(\.isNumber) {
            text.replaceSubrange(colon...colon, with: "_")
        }
        if kind == .organism {
            // RO-Crate writes `NCBI:txid9606`; curation files `NCBITaxon_9606` or a bare `9606`.
            if text.hasPrefix("ncbi:txid") { text = "ncbitaxon_" + text.dropFirst("ncbi:txid".count) }
            if text.allSatisfy(\.isNumber) { text = "ncbitaxon_" + text }
        }
        return text
    }
}
