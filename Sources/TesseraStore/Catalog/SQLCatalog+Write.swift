import Foundation
import TesseraCore

extension SQLCatalog {
    public func replaceStudy(_ snapshot: StudySnapshot, crawlRun: Int64) async throws {
        // A large study's rows take a while to build: not on the threads that serve requests.
        let statements = await Offload.run { [self] in
            Self.contents(of: snapshot.study.id) + [upsertStudy(snapshot, crawlRun: crawlRun)] + inserts(snapshot, crawlRun: crawlRun)
        }
        try await database.write(statements + [Self.nextVersion])
    }

    public func removeStudies(_ ids: [String]) async throws {
        guard !ids.isEmpty else { return }
        try await database.write(ids.flatMap { Self.contents(of: $0) + ["DELETE FROM studies WHERE id = \($0)"] } + [Self.nextVersion])
    }

    /// Counts a change readers can see; the last statement of its transaction, so the row is locked briefly.
    static let nextVersion: SQL = "UPDATE catalog_version SET version = version + 1 WHERE id = 1"

    public func version() async throws -> Int64 {
        try await database.read(["SELECT version FROM catalog_version WHERE id = 1"])[0].first?.int(0) ?? 0
    }

    public func studyFingerprints(under baseURL: String) async throws -> [String: StudyFingerprint] {
        let base = baseURL.hasSuffix("/") ? String(baseURL.dropLast()) : baseURL
        let below = base + "/"
        let rows = try await database.read([
            """
            SELECT url, id, source_fingerprint FROM studies
            WHERE url = \(base) OR substr(url, 1, CAST(\(below.unicodeScalars.count) AS INTEGER)) = \(below)
            """,
        ])[0]
        return Dictionary(rows.map { ($0.string(0), StudyFingerprint(studyID: $0.string(1), fingerprint: $0.text(2))) },
                          uniquingKeysWith: { first, _ in first })
    }

    public func sourceObjects(ofStudyAt url: String) async throws -> [SourceObject] {
        let rows = try await database.read([
            """
            SELECT o.url, o.etag, o.size, o.last_modified FROM source_objects o JOIN studies s ON s.id = o.study_id
            WHERE s.url = \(url) ORDER BY o.url
            """,
        ])[0]
        return rows.map { SourceObject(url: $0.string(0), etag: $0.text(1), size: $0.int(2) ?? 0, lastModified: $0.text(3)) }
    }

    public func documents(ofStudyAt url: String) async throws -> [CataloguedDocument] {
        // Each kept document's object URL, from the URL of the node it describes and its Zarr format.
        func document(_ node: String, format: String, v2: String) -> String {
            "\(node) || CASE \(format) WHEN 3 THEN '/zarr.json' ELSE '/\(v2)' END"
        }
        let rows = try await database.read([
            """
            WITH study AS (SELECT id FROM studies WHERE url = \(url)),
            documents (url, document) AS (
                SELECT \(raw: document("i.url", format: "i.zarr_format", v2: ".zattrs")), i.document
                FROM images i WHERE i.study_id IN (SELECT id FROM study)
                UNION
                SELECT \(raw: document("a.url", format: "a.zarr_format", v2: ".zarray")), a.document
                FROM arrays a JOIN images i ON i.id = a.image_id WHERE i.study_id IN (SELECT id FROM study)
                UNION
                SELECT \(raw: document("c.url", format: "c.zarr_format", v2: ".zattrs")), c.document
                FROM containers c WHERE c.study_id IN (SELECT id FROM study) AND c.document IS NOT NULL
                UNION
                SELECT \(raw: document("c.url || '/' || w.path", format: "c.zarr_format", v2: ".zattrs")), w.document
                FROM wells w JOIN containers c ON c.id = w.container_id
                WHERE w.study_id IN (SELECT id FROM study) AND w.document IS NOT NULL
            )
            SELECT o.url, o.etag, o.size, o.last_modified, d.document
            FROM documents d JOIN source_objects o ON o.url = d.url
            WHERE o.study_id IN (SELECT id FROM study)
            """,
        ])[0]
        return rows.map {
            CataloguedDocument(object: SourceObject(url: $0.string(0), etag: $0.text(1), size: $0.int(2) ?? 0, lastModified: $0.text(3)),
                               text: $0.string(4))
        }
    }

    /// Statements deleting everything catalogued for a study but its own row.
    private static func contents(of id: String) -> [SQL] {
        [
            "DELETE FROM image_terms WHERE study_id = \(id)",
            "DELETE FROM map_annotation_pairs WHERE study_id = \(id)",
            "DELETE FROM map_annotation_links WHERE study_id = \(id)",
            "DELETE FROM map_annotations WHERE study_id = \(id)",
            "DELETE FROM term_links WHERE study_id = \(id)",
            "DELETE FROM study_terms WHERE study_id = \(id)",
            "DELETE FROM unmatched_rows WHERE study_id = \(id)",
            "DELETE FROM arrays WHERE image_id IN (SELECT id FROM images WHERE study_id = \(id))",
            "DELETE FROM images WHERE study_id = \(id)",
            "DELETE FROM wells WHERE study_id = \(id)",
            "DELETE FROM containers WHERE study_id = \(id)",
            "DELETE FROM source_objects WHERE study_id = \(id)",
        ]
    }

    private func upsertStudy(_ snapshot: StudySnapshot, crawlRun: Int64) -> SQL {
        let study = snapshot.study
        let organisms = JSONValue.array(study.organisms.map { .string($0) }).jsonText
        return """
            INSERT INTO studies (id, name, url, title, description, license, license_url, organisms, study_document, crawl_run_id,
                                 source_fingerprint)
            VALUES (\(study.id), \(study.name), \(study.url), \(study.title), \(study.description), \(study.license),
                    \(study.licenseURL), \(organisms), \(study.studyDocument), \(crawlRun), \(snapshot.fingerprint))
            ON CONFLICT (id) DO UPDATE SET name = excluded.name, url = excluded.url, title = excluded.title,
                description = excluded.description, license = excluded.license, license_url = excluded.license_url,
                organisms = excluded.organisms, study_document = excluded.study_document, crawl_run_id = excluded.crawl_run_id,
                source_fingerprint = excluded.source_fingerprint
            """
    }

    private func inserts(_ snapshot: StudySnapshot, crawlRun: Int64) -> [SQL] {
        let study = snapshot.study.id
        return SQL.insert(
            into: "containers",
            columns: ["id", "study_id", "kind", "name", "component", "url", "ngff_version", "zarr_format", "document"],
            rows: snapshot.containers.map {
                [.text($0.id), .text(study), .text($0.kind.rawValue), .text($0.name), $0.component.sqlValue, .text($0.url),
                 $0.ngffVersion.sqlValue, $0.zarrFormat.sqlValue, $0.document.sqlValue]
            })
        + SQL.insert(
            into: "wells",
            columns: ["id", "study_id", "container_id", "path", "row_name", "column_name", "row_index", "column_index", "document"],
            rows: snapshot.wells.map {
                [.text($0.id), .text(study), .text($0.containerID), .text($0.path), .text($0.rowName), .text($0.columnName),
                 .int($0.rowIndex), .int($0.columnIndex), $0.document.sqlValue]
            })
        + SQL.insert(
            into: "images",
            columns: ["id", "study_id", "container_id", "well_id", "parent_image_id", "field", "kind", "name", "url",
                      "ngff_version", "zarr_format", "axes", "channels", "scale", "document", "sort_key"],
            rows: snapshot.images.map {
                [.text($0.id), .text(study), $0.containerID.sqlValue, $0.wellID.sqlValue, $0.parentImageID.sqlValue,
                 $0.field.sqlValue, .text($0.kind.rawValue), .text($0.name), .text($0.url), .text($0.ngffVersion),
                 .int(Int64($0.zarrFormat)), .text($0.axesJSON), $0.channelsJSON.sqlValue, $0.scaleJSON.sqlValue,
                 .text($0.document), .text($0.sortKey)]
            })
        + SQL.insert(into: "arrays", columns: ArrayColumns.names, rows: snapshot.arrays.map(ArrayColumns.values))
        + MapAnnotationRows.inserts(snapshot, crawlRun: crawlRun)
        + SQL.insert(
            into: "source_objects", columns: ["url", "study_id", "etag", "size", "last_modified", "crawl_run_id"],
            rows: uniqueSourceObjects(snapshot).map {
                [.text($0.url), .text(study), $0.etag.sqlValue, .int($0.size), $0.lastModified.sqlValue, .int(crawlRun)]
            })
    }

    /// A document read twice (a shared label group, say) is one source object.
    private func uniqueSourceObjects(_ snapshot: StudySnapshot) -> [SourceObject] {
        var seen = Set<String>()
        return snapshot.sourceObjects.filter { seen.insert($0.url).inserted }
    }
}
