import Foundation
import TesseraCore

/// `POST /v1/search`: a boolean query compiled to one SQL predicate over images (`i`), paged by keyset at the
/// level asked for, counted (up to `SearchResult.countLimit`) and faceted in the same read.
extension SQLCatalog {
    public func search(_ request: SearchRequest) async throws -> SearchResult {
        var condition: SQL = "1 = 1"
        if let query = request.query { condition = try await predicate(query, scopes: scopes(of: query)) }
        let level = Level(request.level)
        let base: SQL = "i.kind = 'image' AND \(raw: level.filter) AND \(condition)"
        let keys = level.keys(request.sort)
        var page = base
        if let after = request.page.after {
            let values = try Self.keyValues(after, count: keys.count)
            page = "\(base) AND (\(raw: keys.joined(separator: ", "))) > (\(SQL.join(values.map { "\($0)" }, separator: ", ")))"
        }
        let count: SQL = request.countsTotal
            ? "SELECT COUNT(*) FROM (SELECT DISTINCT \(raw: level.id) FROM images i WHERE \(base) LIMIT \(SearchResult.countLimit + 1)) counted"
            : "SELECT NULL"
        let results = try await database.read([
            "\(raw: level.select), \(raw: keys.joined(separator: ", ")) \(raw: level.from) WHERE \(page) \(raw: level.groupBy) ORDER BY \(raw: keys.joined(separator: ", ")) LIMIT \(request.page.limit + 1)",
            count,
        ] + request.facets.map { facetQuery($0, level: level, base: base, limit: request.facetLimit) })
        var rows = results[0]
        let more = rows.count > request.page.limit
        if more { rows.removeLast() }
        let items = try rows.map { try level.item($0) }
        let nextAfter = more ? rows.last.map { row in Self.keyText(row.values.suffix(keys.count)) } : nil
        let counted = results[1].first?.int(0).map(Int.init)
        let facets = zip(request.facets, results.dropFirst(2)).map { facet, rows in
            FacetCounts(facet: facet, values: rows.map { FacetCounts.Value(value: $0.string(0), label: $0.text(1), count: Int($0.int(2) ?? 0)) })
        }
        return SearchResult(items: items, nextAfter: nextAfter, total: counted.map { min($0, SearchResult.countLimit) },
                            totalIsExact: counted.map { $0 <= SearchResult.countLimit } ?? false, facets: facets)
    }

    /// Axes, physical scale and one resolution level of each image: `level`, or the image's last when it has fewer.
    public func imageArrays(ids: [String], level: Int) async throws -> [String: ImageArrays] {
        guard !ids.isEmpty else { return [:] }
        let list = SQL.join(ids.map { "\($0)" }, separator: ", ")
        let results = try await database.read([
            "SELECT id, axes, scale FROM images WHERE id IN (\(list))",
            """
            SELECT a.image_id, \(raw: ArrayColumns.selectList) FROM arrays a WHERE a.image_id IN (\(list))
            AND a.level = (SELECT MAX(b.level) FROM arrays b WHERE b.image_id = a.image_id AND b.level <= \(level))
            """,
        ])
        var arrays: [String: ImageArrays] = [:]
        for row in results[0] {
            arrays[row.string(0)] = ImageArrays(axes: try ArrayColumns.axes(row.string(1)),
                                                scale: try row.text(2).map(ArrayColumns.doubles), levels: [])
        }
        for row in results[1] {
            arrays[row.string(0)]?.levels.append(try ArrayColumns.level(SQLRow(Array(row.values.dropFirst()))))
        }
        return arrays
    }

    // MARK: Conditions

    private func predicate(_ condition: SearchCondition, scopes: Set<String>?) async throws -> SQL {
        switch condition {
        case .all(let conditions):
            return "(\(SQL.join(try await conditions.asyncMap { try await predicate($0, scopes: scopes) }, separator: " AND ")))"
        case .any(let conditions):
            return "(\(SQL.join(try await conditions.asyncMap { try await predicate($0, scopes: scopes) }, separator: " OR ")))"
        case .not(let condition):
            return "NOT \(try await predicate(condition, scopes: scopes))"
        case .term(let kind, let text) where text.exact:
            return Self.pairImages("p.term_kind = \(kind.rawValue) AND \(Self.compare("p.value", text.text, prefix: text.prefix))")
        case .term(let kind, let text) where text.prefix:
            let prefix = Term.normalize(text.text, kind: kind)
            return "i.id IN (SELECT image_id FROM image_terms WHERE term_kind = \(kind.rawValue) AND \(Self.compare("term", prefix, prefix: true)))"
        case .term(let kind, let text):
            var spellings = Set<String>()
            for term in Term.query(kind: kind, value: text.text) {
                spellings.formUnion(try await self.spellings(of: term, scopes: scopes).map(\.term))
            }
            let values = SQL.join(spellings.sorted().map { "\($0)" }, separator: ", ")
            return "i.id IN (SELECT image_id FROM image_terms WHERE term_kind = \(kind.rawValue) AND term IN (\(values)))"
        case .study(let text):
            let (column, value) = text.exact ? ("", text.text) : ("lower", Term.fold(text.text))
            return """
                i.study_id IN (SELECT id FROM studies WHERE \(Self.compare("\(column)(id)", value, prefix: text.prefix))
                                                         OR \(Self.compare("\(column)(name)", value, prefix: text.prefix)))
                """
        case .keyValue(let key, let value):
            var pair = key.exact ? Self.compare("p.key", key.text, prefix: false) : Self.compare("p.key_fold", Term.fold(key.text), prefix: false)
            if let value {
                let compared = value.exact ? Self.compare("p.value", value.text, prefix: value.prefix)
                                           : Self.compare("p.value_fold", Term.fold(value.text), prefix: value.prefix)
                pair = "\(pair) AND \(compared)"
            }
            return Self.pairImages(pair)
        }
    }

    /// `column = value`, or for a prefix the range of strings starting with it (an index range in both backends,
    /// which compare text byte by byte).
    private static func compare(_ column: String, _ value: String, prefix: Bool) -> SQL {
        prefix ? "(\(raw: column) >= \(value) AND \(raw: column) < \(value + "\u{10FFFF}"))" : "\(raw: column) = \(value)"
    }

    /// Images carrying a map-annotation pair that satisfies `pair` (over `p`): linked to the image itself, its
    /// container or its study, as image terms are derived.
    private static func pairImages(_ pair: SQL) -> SQL {
        func linked(_ kind: String) -> SQL {
            """
            SELECT l.subject_id FROM map_annotation_links l
            JOIN map_annotation_pairs p ON p.study_id = l.study_id AND p.annotation = l.annotation
            WHERE l.subject_kind = \(kind) AND \(pair)
            """
        }
        return """
            (i.id IN (\(linked("image"))) OR (i.container_id IS NOT NULL AND i.container_id IN (\(linked("container")))) \
            OR i.study_id IN (\(linked("study"))))
            """
    }

    /// The organisms a query requires of every result, which scope gene symbols as in `GET /v1/images`.
    private func scopes(of condition: SearchCondition) async throws -> Set<String>? {
        func organisms(_ condition: SearchCondition) -> [Term]? {
            switch condition {
            case .term(.organism, let text) where !text.exact && !text.prefix: return [Term(kind: .organism, value: text.text)]
            case .any(let conditions):
                let found = conditions.map(organisms)
                return found.contains { $0 == nil } ? nil : found.flatMap { $0! }
            case .all(let conditions):
                let found = conditions.compactMap(organisms).flatMap { $0 }
                return found.isEmpty ? nil : found
            default: return nil
            }
        }
        return try await scopes(organisms(condition) ?? [])
    }

    // MARK: Levels

    private func facetQuery(_ facet: SearchFacet, level: Level, base: SQL, limit: Int) -> SQL {
        let counted = "COUNT(DISTINCT \(level.id))"
        switch facet {
        case .study:
            return """
                SELECT f.v, s.title, f.n FROM (SELECT i.study_id AS v, \(raw: counted) AS n FROM images i WHERE \(base)
                                               GROUP BY i.study_id ORDER BY n DESC, v LIMIT \(limit)) f
                LEFT JOIN studies s ON s.id = f.v ORDER BY f.n DESC, f.v
                """
        case .plate:
            return """
                SELECT f.v, c.name, f.n FROM (SELECT i.container_id AS v, \(raw: counted) AS n FROM images i
                                               WHERE \(base) AND i.container_id IN (SELECT id FROM containers WHERE kind = 'plate')
                                               GROUP BY i.container_id ORDER BY n DESC, v LIMIT \(limit)) f
                JOIN containers c ON c.id = f.v ORDER BY f.n DESC, f.v
                """
        case .term(let kind):
            return """
                SELECT f.v, (SELECT MIN(label) FROM study_terms st WHERE st.term_kind = \(kind.rawValue) AND st.term = f.v), f.n
                FROM (SELECT t.term AS v, \(raw: counted) AS n FROM images i
                      JOIN image_terms t ON t.image_id = i.id AND t.term_kind = \(kind.rawValue)
                      WHERE \(base) GROUP BY t.term ORDER BY n DESC, v LIMIT \(limit)) f
                ORDER BY f.n DESC, f.v
                """
        }
    }

    /// How results of one level are selected from matching images (`i`), keyed and mapped.
    private struct Level {
        let level: SearchLevel

        init(_ level: SearchLevel) { self.level = level }

        /// The column of `i` naming the result an image belongs to.
        var id: String {
            switch level {
            case .image: "i.id"
            case .well: "i.well_id"
            case .plate: "i.container_id"
            case .study: "i.study_id"
            }
        }

        /// Images that can stand for a result of this level.
        var filter: String {
            switch level {
            case .image, .study: "1 = 1"
            case .well: "i.well_id IS NOT NULL"
            case .plate: "i.container_id IN (SELECT id FROM containers WHERE kind = 'plate')"
            }
        }

        func keys(_ sort: SearchSort) -> [String] {
            switch (level, sort) {
            case (.image, .natural): ["i.sort_key"]
            case (.image, .name): ["i.name", "i.sort_key"]
            case (.well, _): ["w.study_id", "c.name", "w.row_index", "w.column_index", "w.id"]
            case (.plate, .natural): ["c.study_id", "c.name", "c.id"]
            case (.plate, .name): ["c.name", "c.id"]
            case (.study, .natural): ["s.id"]
            case (.study, .name): ["s.name", "s.id"]
            }
        }

        var select: String {
            switch level {
            case .image: "SELECT \(SQLCatalog.imageSummaryColumns)"
            case .well: "SELECT w.id, w.study_id, c.id, c.name, w.row_name, w.column_name, c.url || '/' || w.path, COUNT(*)"
            case .plate: "SELECT c.id, c.study_id, c.name, c.url, COUNT(*)"
            case .study: "SELECT s.id, s.name, s.title, s.url, COUNT(*)"
            }
        }

        var from: String {
            switch level {
            case .image: SQLCatalog.imageSummaryTables
            case .well: "FROM images i JOIN wells w ON w.id = i.well_id JOIN containers c ON c.id = w.container_id"
            case .plate: "FROM images i JOIN containers c ON c.id = i.container_id"
            case .study: "FROM images i JOIN studies s ON s.id = i.study_id"
            }
        }

        var groupBy: String {
            switch level {
            case .image: ""
            case .well: "GROUP BY w.id, w.study_id, c.id, c.name, w.row_name, w.column_name, c.url, w.path, w.row_index, w.column_index"
            case .plate: "GROUP BY c.id, c.study_id, c.name, c.url"
            case .study: "GROUP BY s.id, s.name, s.title, s.url"
            }
        }

        func item(_ row: SQLRow) throws -> SearchResult.Item {
            switch level {
            case .image: return .image(try SQLCatalog.imageSummary(row))
            case .well:
                return .well(WellHit(id: row.string(0), study: row.string(1), plateID: row.string(2), plate: row.string(3),
                                     row: row.string(4), column: row.string(5), url: row.string(6), images: Int(row.int(7) ?? 0)))
            case .plate:
                return .plate(PlateHit(id: row.string(0), study: row.string(1), name: row.string(2), url: row.string(3),
                                       images: Int(row.int(4) ?? 0)))
            case .study:
                return .study(StudyHit(id: row.string(0), name: row.string(1), title: row.text(2), url: row.string(3),
                                       images: Int(row.int(4) ?? 0)))
            }
        }
    }

    // MARK: Keys

    /// A keyset position as the catalog issues it: the sort columns of the last row, as a JSON array.
    static func keyText(_ values: ArraySlice<SQLValue>) -> String {
        JSONValue.array(values.map { value in
            switch value {
            case .int(let number): .int(number)
            case .text(let text): .string(text)
            case .double(let number): .double(number)
            case .null: .null
            }
        }).jsonText
    }

    static func keyValues(_ text: String, count: Int) throws -> [SQLValue] {
        let values = (try? JSONValue.parse(Data(text.utf8)))?.arrayValue ?? []
        let parsed: [SQLValue] = values.compactMap { value in
            switch value {
            case .int(let number): .int(number)
            case .string(let text): .text(text)
            default: nil
            }
        }
        guard parsed.count == count, values.count == count else { throw SearchPositionError() }
        return parsed
    }
}

