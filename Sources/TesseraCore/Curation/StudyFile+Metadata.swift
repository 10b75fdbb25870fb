/// The curated facts of a study file, as `GET /v1/studies/{id}` returns them.
public struct StudyMetadata: Sendable, Hashable, Codable {
    public struct Term: Sendable, Hashable, Codable {
        public var name: String
        public var accession: String?
    }

    public struct Publication: Sendable, Hashable, Codable {
        public var title: String?
        public var authors: String?
        /// The bare DOI (`10.1038/sdata.2017.18`), whichever URL form the file used.
        public var doi: String?
        public var pubmedID: String?
        public var pmcID: String?
    }

    public struct Component: Sendable, Hashable, Codable {
        public var kind: String
        public var name: String?
        public var description: String?
        public var sampleType: String?
        public var type: String?
        public var imagingMethods: [Term]
        public var technologyTypes: [Term]
        public var organisms: [Term]
        public var dataDOI: String?
    }

    public var studyTypes: [Term]
    /// Organisms with their NCBITaxon accessions (the study list's `organisms` holds the names alone).
    public var organismTerms: [Term]
    public var imagingMethods: [Term]
    public var technologyTypes: [Term]
    public var publications: [Publication]
    public var releaseDate: String?
    public var dataDOI: String?
    public var copyright: String?
    public var dataPublisher: String?
    public var bioimageArchiveAccession: String?
    public var externalURL: String?
    public var components: [Component]
}

extension StudyFile {
    public var metadata: StudyMetadata {
        let components = self.components.map { component in
            StudyMetadata.Component(
                kind: component.kind.rawValue,
                name: component.values["Comment[IDR \(component.kind == .screen ? "Screen" : "Experiment") Name]"]?.first,
                description: component.first("Description"), sampleType: component.first("Sample Type"),
                type: component.first("Type"),
                imagingMethods: Self.terms(component.all("Imaging Method"), component.all("Imaging Method Term Accession")),
                // Most files spell it `Screen Technology Term Accession`, a few `Screen Technology Type Term Accession`.
                technologyTypes: Self.terms(component.all("Technology Type"),
                                            component.all("Technology Term Accession") + component.all("Technology Type Term Accession")),
                organisms: Self.terms(component.all("Organism"), component.all("Organism Term Accession")),
                dataDOI: component.first("Data DOI").map(Self.bareDOI))
        }
        let titles = all("Study Publication Title"), authors = all("Study Author List"), dois = all("Study DOI")
        let pubmed = all("Study PubMed ID"), pmc = all("Study PMC ID")
        let count = [titles.count, authors.count, dois.count, pubmed.count, pmc.count].max() ?? 0
        func at(_ list: [String], _ index: Int) -> String? { list.indices.contains(index) ? list[index] : nil }
        return StudyMetadata(
            studyTypes: Self.terms(all("Study Type"), all("Study Type Term Accession")),
            organismTerms: Self.terms(organisms, organismAccessions.map(Self.taxon)),
            imagingMethods: Self.unique(components.flatMap(\.imagingMethods)),
            technologyTypes: Self.unique(components.flatMap(\.technologyTypes)),
            publications: (0..<count).map { index in
                StudyMetadata.Publication(title: at(titles, index), authors: at(authors, index), doi: at(dois, index).map(Self.bareDOI),
                                          pubmedID: at(pubmed, index), pmcID: at(pmc, index))
            },
            releaseDate: first("Study Public Release Date"), dataDOI: first("Study Data DOI").map(Self.bareDOI),
            copyright: first("Study Copyright"), dataPublisher: first("Study Data Publisher"),
            bioimageArchiveAccession: first("Study BioImage Archive Accession"), externalURL: first("Study External URL"),
            components: components)
    }

    /// Parallel name and accession columns, paired by position.
    private static func terms(_ names: [String], _ accessions: [String]) -> [StudyMetadata.Term] {
        names.enumerated().map { index, name in
            StudyMetadata.Term(name: name, accession: accessions.indices.contains(index) ? accessions[index] : nil)
        }
    }

    private static func unique(_ terms: [StudyMetadata.Term]) -> [StudyMetadata.Term] {
        var seen = Set<StudyMetadata.Term>()
        return terms.filter { seen.insert($0).inserted }
    }

    /// Organism accessions are sometimes a bare taxon id (`9606`).
    private static func taxon(_ accession: String) -> String {
        accession.allSatisfy(\.isNumber) ? "NCBITaxon_" + accession : accession
    }

    /// `https://doi.org/10.x/y`, `http://dx.doi.org/10.x/y` and `10.x/y` all mean `10.x/y`.
    static func bareDOI(_ value: String) -> String {
        guard let range = value.range(of: "10.") else { return value }
        return String(value[range.lowerBound...])
    }
}
