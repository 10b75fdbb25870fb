/// Which map-annotation keys name terms. In IDR's mapr namespaces the namespace decides (a `Gene Symbol`
/// under `…/mapr/gene`); keys of annotations from elsewhere (OME-XML, RO-Crate) are taken by name alone.
public enum TermKeys {
    public static let mapr = "openmicroscopy.org/mapr/"

    public static func kind(namespace: String?, key: String) -> Term.Kind? {
        if let namespace, namespace.hasPrefix(mapr) {
            return maprKeys[namespace.dropFirst(mapr.count) + "\u{1F}" + key]
        }
        return keys[key.lowercased()]
    }

    private static let maprKeys: [String: Term.Kind] = {
        let table: [(String, [String], Term.Kind)] = [
            ("gene", ["Gene Symbol", "Gene Identifier"], .gene),
            ("sirna", ["siRNA Identifier", "siRNA Pool Identifier"], .sirna),
            ("compound", ["Compound Name"], .compound),
            ("compound/supplementary", ["InChIKey", "PubChem InChIKey", "PubChem CID", "SMILES"], .compound),
            ("phenotype", ["Phenotype", "Phenotype Term Name", "Phenotype Term Accession"], .phenotype),
            ("organism", ["Organism"], .organism),
            ("cell_line", ["Cell Line"], .cellLine),
            ("antibody", ["Antibody Identifier"], .antibody),
            ("orf", ["ORF Identifier"], .orf),
        ]
        return Dictionary(uniqueKeysWithValues: table.flatMap { namespace, keys, kind in keys.map { ("\(namespace)\u{1F}\($0)", kind) } })
    }()

    private static let keys: [String: Term.Kind] = [
        "gene symbol": .gene, "gene identifier": .gene, "sirna identifier": .sirna, "sirna pool identifier": .sirna,
        "compound name": .compound, "inchikey": .compound, "pubchem cid": .compound, "smiles": .compound,
        "phenotype": .phenotype, "phenotype term name": .phenotype, "phenotype term accession": .phenotype,
        "organism": .organism, "cell line": .cellLine, "antibody identifier": .antibody, "orf identifier": .orf,
        "imaging method": .imagingMethod,
    ]
}
