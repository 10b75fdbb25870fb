/// A term across studies, as autocomplete lists it.
public struct TermSummary: Sendable, Hashable {
    public var kind: Term.Kind
    public var term: String
    public var label: String
    public var studies: Int
    /// Curated wells naming it, catalogued or not.
    public var wells: Int
    /// Catalogued images answering to it.
    public var images: Int

    public init(kind: Term.Kind, term: String, label: String, studies: Int, wells: Int, images: Int) {
        self.kind = kind
        self.term = term
        self.label = label
        self.studies = studies
        self.wells = wells
        self.images = images
    }
}

/// A term as a query resolved it: the spellings it stands for and the studies carrying them.
public struct TermDetail: Sendable, Hashable {
    public struct Match: Sendable, Hashable {
        public var term: String
        public var label: String?
        /// The spelling through which this one was linked; `nil` for the spelling asked for.
        public var via: String?

        public init(term: String, label: String?, via: String?) {
            self.term = term
            self.label = label
            self.via = via
        }
    }

    public struct Study: Sendable, Hashable {
        public var study: String
        public var title: String?
        public var wells: Int
        public var images: Int
        /// The matched spellings the study carries.
        public var terms: [String]

        public init(study: String, title: String?, wells: Int, images: Int, terms: [String]) {
            self.study = study
            self.title = title
            self.wells = wells
            self.images = images
            self.terms = terms
        }
    }

    public var kind: Term.Kind
    public var query: String
    public var matches: [Match]
    public var studies: [Study]

    public init(kind: Term.Kind, query: String, matches: [Match], studies: [Study]) {
        self.kind = kind
        self.query = query
        self.matches = matches
        self.studies = studies
    }
}

/// Studies sharing terms with one study.
public struct RelatedStudies: Sendable, Hashable {
    public struct Shared: Sendable, Hashable {
        public var kind: Term.Kind
        public var term: String
        public var label: String

        public init(kind: Term.Kind, term: String, label: String) {
            self.kind = kind
            self.term = term
            self.label = label
        }
    }

    public struct Item: Sendable, Hashable {
        public var study: String
        public var title: String?
        public var sharedTerms: [Shared]

        public init(study: String, title: String?, sharedTerms: [Shared]) {
            self.study = study
            self.title = title
            self.sharedTerms = sharedTerms
        }
    }

    public var study: String
    public var items: [Item]
    /// The position after the last item, when more follow.
    public var nextAfter: String?

    public init(study: String, items: [Item], nextAfter: String? = nil) {
        self.study = study
        self.items = items
        self.nextAfter = nextAfter
    }
}
