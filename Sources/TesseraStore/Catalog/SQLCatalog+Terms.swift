import TesseraCore

extension SQLCatalog {
    /// Links are followed this many steps: a common name to a taxon id to a Latin name, a symbol to an
    /// identifier to the symbols other studies use for it.
    static let linkSteps = 2

    /// The normalised spellings a term stands for, each with the spelling it was reached through. Gene links
    /// seen in other organisms than `scopes` (when given) are not followed.
    func spellings(of term: Term, scopes: Set<String>? = nil) async throws -> [(term: String, via: String?)] {
        var found: [String: String?] = [term.normalized: nil]
        var frontier = [term.normalized]
        for _ in 0..<Self.linkSteps where !frontier.isEmpty {
            let values = SQL.join(frontier.map { "\($0)" }, separator: ", ")
            let rows = try await database.read([
                "SELECT a, b, scope FROM term_links WHERE term_kind = \(term.kind.rawValue) AND (a IN (\(values)) OR b IN (\(values)))",
            ])[0]
            var links = rows.map { (a: $0.string(0), b: $0.string(1), scope: $0.text(2)) }
            if term.kind == .organism { links += TermLink.commonOrganismNames.map { ($0.a, $0.b, $0.scope) } }
            let current = Set(frontier)
            frontier = []
            for link in links {
                if let scopes, term.kind == .gene, let scope = link.scope, !scopes.contains(scope) { continue }
                for (from, to) in [(link.a, link.b), (link.b, link.a)] where current.contains(from) && found[to] == nil {
                    found[to] = .some(from)
                    frontier.append(to)
                }
            }
        }
        return found.map { ($0.key, $0.value) }.sorted { ($0.via != nil ? 1 : 0, $0.term) < ($1.via != nil ? 1 : 0, $1.term) }
    }

    /// Every spelling of the organisms a query is scoped to; `nil` when it is not scoped.
    func scopes(_ organisms: [Term]) async throws -> Set<String>? {
        organisms.isEmpty ? nil : Set(try await organisms.asyncFlatMap { try await spellings(of: $0).map(\.term) })
    }

    public func terms(kind: Term.Kind?, prefix: String, page: PageRequest) async throws -> Page<TermSummary> {
        let normalized = Term.normalize(prefix, kind: kind ?? .gene)
        let escaped = normalized.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "%", with: "\\%")
            .replacingOccurrences(of: "_", with: "\\_")
        let starts = escaped + "%", contains = "%" + escaped + "%"
        let kindCondition: SQL = kind.map { "AND term_kind = \($0.rawValue)" } ?? ""
        // The order mixes directions; its keyset compares (rank, -studies, -images, term, kind) ascending.
        let keys = "t.rank, -t.studies, -t.images, t.term, t.term_kind"
        var after: SQL = ""
        if let position = page.after {
            after = "WHERE (\(raw: keys)) > (\(SQL.join(try Self.keyValues(position, count: 5).map { "\($0)" }, separator: ", ")))"
        }
        let rows = try await database.read(["""
            SELECT t.term_kind, t.term, t.label, t.studies, t.wells, t.images, \(raw: keys) FROM (
                SELECT term_kind, term, MIN(label) AS label, COUNT(*) AS studies, CAST(SUM(wells) AS BIGINT) AS wells,
                       CAST(SUM(images) AS BIGINT) AS images, CASE WHEN term LIKE \(starts) ESCAPE '\\' THEN 0 ELSE 1 END AS rank
                FROM study_terms WHERE term LIKE \(contains) ESCAPE '\\' \(kindCondition)
                GROUP BY term_kind, term) t
            \(after) ORDER BY \(raw: keys) LIMIT \(page.limit + 1)
            """])[0]
        let terms = rows.prefix(page.limit).compactMap { row in
            Term.Kind(rawValue: row.string(0)).map {
                TermSummary(kind: $0, term: row.string(1), label: row.string(2), studies: Int(row.int(3) ?? 0),
                            wells: Int(row.int(4) ?? 0), images: Int(row.int(5) ?? 0))
            }
        }
        let next = rows.count > page.limit ? Self.keyText(rows[page.limit - 1].values.suffix(5)) : nil
        return Page(items: terms, nextAfter: next)
    }

    public func term(_ kind: Term.Kind, query: String, organisms: [Term]) async throws -> TermDetail {
        let scopes = try await self.scopes(organisms)
        var spellings: [(term: String, via: String?)] = []
        for term in Term.query(kind: kind, value: query) {
            spellings += try await self.spellings(of: term, scopes: scopes).filter { found in !spellings.contains { $0.term == found.term } }
        }
        let values = SQL.join(spellings.map { "\($0.term)" }, separator: ", ")
        // A gene scoped to organisms is looked for only in studies of those organisms.
        let scope: SQL = if kind == .gene, let scopes {
            """
            AND t.study_id IN (SELECT study_id FROM study_terms WHERE term_kind = 'organism'
                               AND term IN (\(SQL.join(scopes.sorted().map { "\($0)" }, separator: ", "))))
            """
        } else { "" }
        let results = try await database.read([
            """
            SELECT t.study_id, s.title, t.term, t.label, t.wells FROM study_terms t JOIN studies s ON s.id = t.study_id
            WHERE t.term_kind = \(kind.rawValue) AND t.term IN (\(values)) \(scope) ORDER BY t.study_id, t.term
            """,
            """
            SELECT study_id, COUNT(DISTINCT image_id) FROM image_terms
            WHERE term_kind = \(kind.rawValue) AND term IN (\(values)) GROUP BY study_id
            """,
        ])
        let images = Dictionary(uniqueKeysWithValues: results[1].map { ($0.string(0), Int($0.int(1) ?? 0)) })
        var labels: [String: String] = [:]
        var studies: [String: TermDetail.Study] = [:]
        for row in results[0] {
            let id = row.string(0)
            labels[row.string(2)] = labels[row.string(2)] ?? row.string(3)
            var study = studies[id] ?? TermDetail.Study(study: id, title: row.text(1), wells: 0, images: images[id] ?? 0, terms: [])
            // Spellings of one term name the same wells (a symbol and its identifier on one row): the largest count stands.
            study.wells = max(study.wells, Int(row.int(4) ?? 0))
            study.terms.append(row.string(2))
            studies[id] = study
        }
        return TermDetail(
            kind: kind, query: query,
            matches: spellings.map { TermDetail.Match(term: $0.term, label: labels[$0.term], via: $0.via) },
            studies: studies.values.sorted { ($1.images, $0.study) < ($0.images, $1.study) })
    }

    public func relatedStudies(to id: String, page: PageRequest) async throws -> RelatedStudies? {
        let study: SQL = "(SELECT id FROM studies WHERE id = \(id) OR name = \(id) ORDER BY id LIMIT 1)"
        let results = try await database.read([
            "SELECT \(study)",
            // Gene symbols collide across organisms: genes count only between studies sharing an organism.
            """
            SELECT o.study_id, s.title, o.term_kind, o.term, o.label FROM study_terms t
            JOIN study_terms o ON o.term_kind = t.term_kind AND o.term = t.term AND o.study_id <> t.study_id
            JOIN studies s ON s.id = o.study_id
            WHERE t.study_id = \(study) AND t.term_kind IN ('gene', 'phenotype', 'compound')
              AND (t.term_kind <> 'gene' OR EXISTS (
                  SELECT 1 FROM study_terms a JOIN study_terms b ON b.term_kind = 'organism' AND b.term = a.term
                  WHERE a.term_kind = 'organism' AND a.study_id = t.study_id AND b.study_id = o.study_id))
            ORDER BY o.study_id, o.term_kind, o.term
            """,
        ])
        guard let own = results[0].first?.text(0) else { return nil }
        var items: [String: RelatedStudies.Item] = [:]
        for row in results[1] {
            guard let kind = Term.Kind(rawValue: row.string(2)) else { continue }
            items[row.string(0), default: RelatedStudies.Item(study: row.string(0), title: row.text(1), sharedTerms: [])]
                .sharedTerms.append(RelatedStudies.Shared(kind: kind, term: row.string(3), label: row.string(4)))
        }
        // Most shared first, then by id: the keyset is (-shared, id) ascending.
        func position(_ item: RelatedStudies.Item) -> [SQLValue] { [.int(Int64(-item.sharedTerms.count)), .text(item.study)] }
        var ranked = items.values.sorted { ($1.sharedTerms.count, $0.study) < ($0.sharedTerms.count, $1.study) }
        if let after = page.after {
            let key = try Self.keyValues(after, count: 2)
            guard case .int(let shared) = key[0], case .text(let study) = key[1] else { throw SearchPositionError() }
            ranked = ranked.filter { (Int64(-$0.sharedTerms.count), $0.study) > (shared, study) }
        }
        let kept = Array(ranked.prefix(page.limit))
        let next = ranked.count > page.limit ? kept.last.map { Self.keyText(position($0)[...]) } : nil
        return RelatedStudies(study: own, items: kept, nextAfter: next)
    }
}

extension Sequence {
    func asyncFlatMap<T>(_ transform: (Element) async throws -> [T]) async rethrows -> [T] {
        var result: [T] = []
        for element in self { result += try await transform(element) }
        return result
    }
}
