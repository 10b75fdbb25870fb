import TesseraStore

/// Everything a catalog holds about its studies, as sorted lines, without what differs between equal crawls
/// (run ids, fingerprints, ETags and dates): two crawls of the same objects give equal dumps.
public enum CatalogDump {
    static let tables: [(name: String, columns: String)] = [
        ("studies", "id, name, url, title, description, license, license_url, organisms, study_document"),
        ("containers", "id, study_id, kind, name, component, url, ngff_version, zarr_format, document"),
        ("wells", "id, study_id, container_id, path, row_name, column_name, row_index, column_index, document"),
        ("images", "id, study_id, container_id, well_id, parent_image_id, field, kind, name, url, ngff_version, zarr_format, axes, channels, scale, document, sort_key"),
        ("arrays", "*"),
        ("map_annotations", "*"),
        ("map_annotation_pairs", "*"),
        ("map_annotation_links", "*"),
        ("term_links", "*"),
        ("study_terms", "*"),
        ("unmatched_rows", "study_id, source_url, source_row, address"),
        ("image_terms", "*"),
        ("source_objects", "url, study_id, size"),
    ]

    public static func lines(_ database: SQLDatabase) async throws -> [String] {
        let results = try await database.read(tables.map { "SELECT \(raw: $0.columns) FROM \(raw: $0.name)" })
        return zip(tables, results).flatMap { table, rows in
            rows.map { row in table.name + ": " + row.values.map { "\($0)" }.joined(separator: " | ") }.sorted()
        }
    }
}
