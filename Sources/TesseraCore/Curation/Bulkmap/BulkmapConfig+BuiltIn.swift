extension BulkmapConfig {
    /// The mapping used for a table without a bulkmap config: the column families of IDR's own configs,
    /// grouped into the same namespaces under the same keys, with the same primary keys.
    public static func builtIn(header: [String]) -> BulkmapConfig {
        var groups: [Group] = []
        var primaryKeys: [String: [String]] = [:]
        func group(_ namespace: String, _ columns: [(column: String, key: String)], primary: [String] = []) {
            let present = columns.filter { header.contains($0.column) }
            guard !present.isEmpty else { return }
            groups.append(Group(namespace: TermKeys.mapr + namespace, columns: present.map {
                Column(name: $0.column, clientName: $0.key, include: true, visible: true, omitEmpty: !primary.contains($0.key))
            }))
            let keys = primary.filter { key in present.contains { $0.key == key } }
            if !keys.isEmpty { primaryKeys[TermKeys.mapr + namespace] = keys }
        }
        for name in header where name.hasPrefix("Characteristics [Organism") && name != "Characteristics [Organism Part]" {
            group("organism", [(name, "Organism")], primary: ["Organism"])
        }
        group("cell_line", [("Characteristics [Cell Line]", "Cell Line")], primary: ["Cell Line"])
        group("gene", [("Gene Identifier", "Gene Identifier"), ("Gene Symbol", "Gene Symbol")], primary: ["Gene Identifier", "Gene Symbol"])
        group("gene", [("Comment [Gene Identifier]", "Gene Identifier"), ("Comment [Gene Symbol]", "Gene Symbol")],
              primary: ["Gene Identifier", "Gene Symbol"])
        // siRNA screens keep their reagents' sequences with the siRNA (idr0025), CRISPR screens with the gene (idr0080).
        let reagents = header.contains { $0.hasPrefix("siRNA ") } ? "sirna/supplementary" : "gene/supplementary"
        group(reagents, [("Reagent Identifier", "Reagent Identifier"), ("Sense Sequence", "Sense Sequence"),
                         ("Antisense Sequence", "Antisense Sequence")])
        group("sirna", [("siRNA Identifier", "siRNA Identifier"), ("siRNA Pool Identifier", "siRNA Pool Identifier")],
              primary: ["siRNA Identifier", "siRNA Pool Identifier"])
        group("compound", [("Compound Name", "Compound Name"), ("Experimental Condition [Compound]", "Compound Name")],
              primary: ["Compound Name"])
        group("compound/supplementary", [("Compound InChIKey", "InChIKey"), ("PubChem InChIKey", "InChIKey"),
                                         ("Compound PubChem CID", "PubChem CID"), ("Compound SMILES", "SMILES")])
        group("antibody", [("Antibody Identifier", "Antibody Identifier"), ("Antibody identifier", "Antibody Identifier")],
              primary: ["Antibody Identifier"])
        group("orf", [("ORF Identifier", "ORF Identifier")], primary: ["ORF Identifier"])
        for number in phenotypeNumbers(header) {
            let prefix = "Phenotype \(number)"
            group("phenotype", [(prefix, "Phenotype")]
                  + ["", " a", " b"].flatMap { variant in
                      [(prefix + " Term Name" + variant, "Phenotype Term Name"), (prefix + " Term Accession" + variant, "Phenotype Term Accession")]
                  }, primary: ["Phenotype"])
        }
        let ungrouped = ["Control Type", "Quality Control", "Has Phenotype", "Phenotype Annotation Level"].filter(header.contains).map {
            Column(name: $0, include: true, visible: true, omitEmpty: true)
        }
        groups.append(Group(namespace: bulkNamespace, columns: ungrouped))
        return BulkmapConfig(groups: groups, primaryKeys: primaryKeys, wellToImages: true,
                             defaults: Column(name: "", include: false, visible: true, omitEmpty: true))
    }

    /// The N of every `Phenotype N` column, in header order.
    private static func phenotypeNumbers(_ header: [String]) -> [Int] {
        header.compactMap { name in
            let words = name.split(separator: " ")
            return words.count == 2 && words[0] == "Phenotype" ? Int(words[1]) : nil
        }
    }
}
