import Foundation

/// Which Zarr prefix in a bucket holds which curated plate: IDR's mkngff filesets tables
/// (`ngff_filesets/idrNNNN.csv`, rows `idrNNNN/<plate name>.ome.zarr,<prefix in the bucket>[,<fileset id>]`, no header),
/// used where the OME-Zarr sits in a BioImage Archive-style bucket (`S-BIADnnn/<uuid>/<uuid>.zarr`).
public struct FilesetMapping: Sendable, Hashable {
    public struct Row: Sendable, Hashable {
        /// `idr0011`.
        public var accession: String
        /// The plate name as the curation's annotation tables write it (the file name has `_` for spaces;
        /// plate matching treats them alike).
        public var plate: String
        /// The bucket prefix holding the plate's Zarr root, ending in `/`.
        public var prefix: String
    }

    public var rows: [Row] = []
    /// Records that are not `idrNNNN/<name>.zarr,<prefix>`, with the reason.
    public var problems: [String] = []

    public static func parse(_ text: String) -> FilesetMapping {
        var mapping = FilesetMapping()
        let records = DelimitedRecords(text, separator: ",")
        for (index, cells) in records.records.enumerated() where !(cells.count == 1 && cells[0].isEmpty) {
            let number = index + 1
            guard cells.count >= 2 else {
                mapping.problems.append("record \(number) has \(cells.count) cells; expected idrNNNN/<plate>.ome.zarr,<prefix>")
                continue
            }
            let path = cells[0].split(separator: "/", maxSplits: 1).map(String.init)
            var prefix = cells[1].trimmingSpaces()
            guard path.count == 2, !path[1].isEmpty, !prefix.isEmpty else {
                mapping.problems.append("record \(number): \"\(cells[0])\" is not idrNNNN/<plate>.ome.zarr, or the prefix is empty")
                continue
            }
            while prefix.hasPrefix("/") { prefix.removeFirst() }
            if !prefix.hasSuffix("/") { prefix += "/" }
            var plate = path[1]
            for suffix in [".ome.zarr", ".zarr"] where plate.hasSuffix(suffix) {
                plate = String(plate.dropLast(suffix.count))
                break
            }
            mapping.rows.append(Row(accession: path[0], plate: plate, prefix: prefix))
        }
        if records.unterminatedQuote { mapping.problems.append("the table ends inside a quoted cell") }
        return mapping
    }
}
