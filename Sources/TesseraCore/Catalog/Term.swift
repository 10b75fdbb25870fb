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

    /// Ontology accessions come as `CMPO_0000118`, `CMPO:0000118` or a PURL; names in any case.
    public static func normalize(_ value: String, kind: Kind) -> String {
        var text = value.trimmingCharacters(in: .whitespacesAndNewlines).lowercased()
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
