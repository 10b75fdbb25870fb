import TesseraCore

/// The rows a study's curated annotations are stored as: annotations numbered within the study, their pairs
/// in order with provenance, their links to subjects, learnt term links, the terms of each image and of the
/// study, unmatched rows.
enum MapAnnotationRows {
    static func inserts(_ snapshot: StudySnapshot, crawlRun: Int64) -> [SQL] {
        let study = SQLValue.text(snapshot.study.id)
        let records = Array(snapshot.mapAnnotations.enumerated())
        let imageTerms = snapshot.imageTerms
        return SQL.insert(
            into: "map_annotations", columns: ["study_id", "number", "namespace", "shared"],
            rows: records.map { [study, .int(Int64($0)), .text($1.annotation.namespace), .int($1.shared ? 1 : 0)] })
        + SQL.insert(
            into: "map_annotation_pairs",
            columns: ["study_id", "annotation", "position", "key", "value", "key_fold", "value_fold", "term_kind", "term",
                      "source_url", "source_row", "source_column"],
            rows: records.flatMap { number, record in
                record.annotation.pairs.enumerated().map { position, pair in
                    [study, .int(Int64(number)), .int(Int64(position)), .text(pair.key), .text(pair.value),
                     .text(Term.fold(pair.key)), .text(Term.fold(pair.value)), pair.term?.kind.rawValue.sqlValue ?? .null, pair.term?.normalized.sqlValue ?? .null,
                     .text(pair.source.url), pair.source.row.sqlValue, pair.source.column.sqlValue]
                }
            })
        + SQL.insert(
            into: "map_annotation_links", columns: ["study_id", "annotation", "subject_kind", "subject_id"],
            rows: records.flatMap { number, record in
                record.subjects.map { [study, .int(Int64(number)), .text($0.kind.rawValue), .text($0.id)] }
            })
        + SQL.insert(
            into: "term_links", columns: ["study_id", "term_kind", "a", "b", "scope"],
            rows: snapshot.termLinks.map { [study, .text($0.kind.rawValue), .text($0.a), .text($0.b), $0.scope.sqlValue] })
        + SQL.insert(
            into: "study_terms", columns: ["study_id", "term_kind", "term", "label", "wells", "images"],
            rows: snapshot.studyTerms(imageTerms: imageTerms).map {
                [study, .text($0.term.kind.rawValue), .text($0.term.normalized), .text($0.label), .int(Int64($0.wells)), .int(Int64($0.images))]
            })
        + SQL.insert(
            into: "image_terms", columns: ["image_id", "study_id", "term_kind", "term"],
            rows: imageTerms.map { [.text($0.imageID), study, .text($0.term.kind.rawValue), .text($0.term.normalized)] })
        + SQL.insert(
            into: "unmatched_rows", columns: ["study_id", "crawl_run_id", "source_url", "source_row", "address"],
            rows: snapshot.unmatchedRows.map { [study, .int(crawlRun), .text($0.source.url), $0.source.row.sqlValue, .text($0.address)] })
    }
}
