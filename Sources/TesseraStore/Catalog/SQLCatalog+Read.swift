import Foundation
import TesseraCore

extension SQLCatalog {
    public func studies(page: PageRequest) async throws -> Page<StudySummary> {
        let after: SQL = page.after.map { "AND s.id > \($0)" } ?? ""
        let rows = try await database.read(["\(Self.studySummary) WHERE 1 = 1 \(after) ORDER BY s.id LIMIT \(page.limit + 1)"])[0]
        let studies = try rows.map(Self.studySummary)
        return Self.page(studies, limit: page.limit, key: \.id)
    }

    public func study(id: String) async throws -> StudyDetail? {
        let results = try await database.read([
            "\(Self.studySummary) WHERE s.id = \(id) OR s.name = \(id)",
            """
            SELECT c.id, c.kind, c.name, c.component, c.url, c.ngff_version,
                   (SELECT COUNT(*) FROM images i WHERE i.container_id = c.id AND i.kind = 'image')
            FROM containers c JOIN studies s ON s.id = c.study_id
            WHERE s.id = \(id) OR s.name = \(id)
            ORDER BY c.component, c.name
            """,
            "SELECT s.study_document FROM studies s WHERE s.id = \(id) OR s.name = \(id)",
            """
            SELECT m.namespace, COUNT(DISTINCT m.number), COUNT(*) FROM map_annotations m
            JOIN map_annotation_pairs p ON p.study_id = m.study_id AND p.annotation = m.number
            WHERE m.study_id = (SELECT id FROM studies WHERE id = \(id) OR name = \(id) LIMIT 1)
            GROUP BY m.namespace ORDER BY m.namespace
            """,
            "SELECT COUNT(*) FROM unmatched_rows WHERE study_id = (SELECT id FROM studies WHERE id = \(id) OR name = \(id) LIMIT 1)",
        ])
        guard let row = results[0].first else { return nil }
        let containers = results[1].map { row in
            ContainerSummary(id: row.string(0), kind: row.string(1), name: row.string(2), component: row.text(3),
                             url: row.string(4), ngffVersion: row.text(5), images: Int(row.int(6) ?? 0))
        }
        var detail = StudyDetail(summary: try Self.studySummary(row), description: row.text(9), licenseURL: row.text(10),
                                 containers: containers, crawlRun: row.int(11),
                                 metadata: results[2].first?.text(0).map { StudyFile.parse($0).metadata })
        detail.mapAnnotations = results[3].map {
            NamespaceCount(namespace: $0.string(0), annotations: Int($0.int(1) ?? 0), pairs: Int($0.int(2) ?? 0))
        }
        detail.unmatchedRows = Int(results[4].first?.int(0) ?? 0)
        return detail
    }

    public func image(id: String) async throws -> ImageDetail? {
        let results = try await database.read([
            "\(Self.imageSummary) WHERE i.id = \(id)",
            "SELECT i.axes, i.channels, i.scale, i.parent_image_id, i.document FROM images i WHERE i.id = \(id)",
            "SELECT \(raw: ArrayColumns.selectList) FROM arrays WHERE image_id = \(id) ORDER BY level",
            "SELECT id, name FROM images WHERE parent_image_id = \(id) ORDER BY sort_key",
            """
            SELECT l.subject_kind, m.namespace, p.key, p.value, p.term_kind, p.source_url, p.source_row, p.source_column,
                   s.crawl_run_id FROM map_annotation_links l
            JOIN map_annotations m ON m.study_id = l.study_id AND m.number = l.annotation
            JOIN map_annotation_pairs p ON p.study_id = m.study_id AND p.annotation = m.number
            JOIN studies s ON s.id = l.study_id
            WHERE l.subject_id IN (\(id), (SELECT container_id FROM images WHERE id = \(id)))
               OR (l.subject_kind = 'study' AND l.subject_id = (SELECT study_id FROM images WHERE id = \(id)))
            ORDER BY l.subject_kind, m.namespace, m.number, p.position
            """,
        ])
        guard let summaryRow = results[0].first, let extra = results[1].first else { return nil }
        return ImageDetail(
            summary: try Self.imageSummary(summaryRow),
            axes: try ArrayColumns.axes(extra.string(0)),
            channels: try extra.text(1).map(ArrayColumns.value),
            scale: try extra.text(2).map(ArrayColumns.doubles),
            parentImage: extra.text(3),
            levels: try results[2].map(ArrayColumns.level),
            labels: results[3].map { LabelSummary(id: $0.string(0), name: $0.string(1)) },
            annotations: results[4].map {
                AnnotationSummary(subject: $0.string(0), namespace: $0.string(1), key: $0.string(2), value: $0.string(3), kind: $0.text(4),
                                  source: Provenance(url: $0.string(5), row: $0.int(6).map(Int.init), column: $0.text(7)), crawlRun: $0.int(8))
            },
            imageLabel: Self.imageLabel(inDocument: extra.string(4)))
    }

    // MARK: Row mapping

    /// `image-label` from a group document kept verbatim: top level in Zarr v2, under `attributes.ome` in v3.
    private static func imageLabel(inDocument text: String) -> JSONValue? {
        guard let document = try? JSONValue.parse(Data(text.utf8)) else { return nil }
        return document["image-label"] ?? document["attributes"]?["ome"]?["image-label"]
    }

    private static let studySummary: SQL = """
        SELECT s.id, s.name, s.title, s.url, s.license, s.organisms,
               (SELECT COUNT(*) FROM images i WHERE i.study_id = s.id AND i.kind = 'image'),
               (SELECT COUNT(*) FROM containers c WHERE c.study_id = s.id AND c.kind = 'plate'),
               (SELECT COUNT(*) FROM wells w WHERE w.study_id = s.id),
               s.description, s.license_url, s.crawl_run_id
        FROM studies s
        """

    private static func studySummary(_ row: SQLRow) throws -> StudySummary {
        StudySummary(id: row.string(0), name: row.string(1), title: row.text(2), url: row.string(3), license: row.text(4),
                     organisms: try ArrayColumns.strings(row.string(5)), images: Int(row.int(6) ?? 0),
                     plates: Int(row.int(7) ?? 0), wells: Int(row.int(8) ?? 0))
    }

    static let imageSummaryColumns = "i.id, i.study_id, i.name, i.kind, i.url, i.ngff_version, i.zarr_format, c.kind, c.name, w.row_name, w.column_name, i.field, i.sort_key"
    static let imageSummaryTables = "FROM images i LEFT JOIN containers c ON c.id = i.container_id LEFT JOIN wells w ON w.id = i.well_id"
    private static let imageSummary: SQL = "SELECT \(raw: imageSummaryColumns) \(raw: imageSummaryTables)"

    static func imageSummary(_ row: SQLRow) throws -> ImageSummary {
        let containerKind = row.text(7)
        return ImageSummary(
            id: row.string(0), study: row.string(1), name: row.string(2),
            kind: ImageRecord.Kind(rawValue: row.string(3)) ?? .image, zarrURL: row.string(4),
            ngffVersion: row.string(5), zarrFormat: Int(row.int(6) ?? 0),
            plate: containerKind == "plate" ? row.text(8) : nil,
            well: row.text(9).flatMap { rowName in row.text(10).map { rowName + $0 } },
            field: row.text(11),
            dataset: containerKind == "dataset" ? row.text(8) : nil,
            sortKey: row.string(12))
    }

    /// Trims the look-ahead row and sets the cursor when there was one.
    private static func page<Item>(_ items: [Item], limit: Int, key: (Item) -> String) -> Page<Item> {
        guard items.count > limit else { return Page(items: items, nextAfter: nil) }
        let kept = Array(items.prefix(limit))
        return Page(items: kept, nextAfter: kept.last.map(key))
    }
}
