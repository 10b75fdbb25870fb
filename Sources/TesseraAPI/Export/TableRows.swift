import TesseraCore

extension ImageHitItem: TableRow {
    static let columns = ["id", "study", "name", "kind", "plate", "well", "field", "dataset", "zarr_url", "ngff_version",
                          "zarr_format", "array_level", "array_url", "axes", "axis_units", "shape", "chunks", "shards",
                          "data_type", "fill_value", "scale", "chunk_url_template"]

    var cells: [String?] {
        let metadata = level?.metadata
        return [image.id, image.study, image.name, image.kind, image.plate, image.well, image.field, image.dataset, image.zarrURL,
                image.ngffVersion, String(image.zarrFormat), level.map { String($0.level) }, level?.url,
                TableText.json(axes?.map(\.name)), TableText.json(axes?.map(\.unit)), TableText.json(metadata?.shape),
                TableText.json(metadata?.chunkShape), TableText.json(metadata?.shardShape), metadata?.dataType,
                TableText.json(metadata?.fillValue), TableText.json(level?.scale), chunkURLTemplate]
    }
}

extension WellHitItem: TableRow {
    static let columns = ["id", "study", "plate", "plate_id", "well", "row", "column", "url", "images"]
    var cells: [String?] { [id, study, plate, plateID, well, row, column, url, String(images)] }
}

extension PlateHitItem: TableRow {
    static let columns = ["id", "study", "name", "url", "images"]
    var cells: [String?] { [id, study, name, url, String(images)] }
}

extension StudyHitItem: TableRow {
    static let columns = ["id", "name", "title", "url", "images"]
    var cells: [String?] { [id, name, title, url, String(images)] }
}

extension StudyItem: TableRow {
    static let columns = ["id", "name", "title", "url", "license", "organisms", "images", "plates", "wells"]
    var cells: [String?] { [id, name, title, url, license, TableText.json(organisms), String(images), String(plates), String(wells)] }
}
