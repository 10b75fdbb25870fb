/// An HCS `plate`: the grid of rows and columns and the wells that hold images.
public struct Plate: Sendable, Hashable {
    public var name: String?
    public var rows: [String]
    public var columns: [String]
    public var wells: [Well]
    public var fieldCount: Int64?

    public struct Well: Sendable, Hashable {
        /// `row/column`, relative to the plate group.
        public var path: String
        public var rowName: String
        public var columnName: String
        public var rowIndex: Int64
        public var columnIndex: Int64
    }

    public static func decode(_ value: JSONValue) throws -> Plate {
        let plate = JSONReader(value, path: "$.plate")
        let rows = try plate.required("rows").elements().map { try $0.required("name").string() }
        let columns = try plate.required("columns").elements().map { try $0.required("name").string() }
        let wells = try plate.required("wells").elements().map { reader -> Well in
            let pathReader = try reader.required("path")
            let path = try ObjectPath.relative(pathReader.string(), at: pathReader.path)
            // Before 0.4 paths may carry an acquisition prefix (`2020-10-10/A/1`): row and column are the last two parts.
            let parts = path.split(separator: "/").map(String.init)
            guard parts.count >= 2 else {
                throw MetadataError.invalid(path: pathReader.path, reason: "\"\(path)\" is not a row/column path")
            }
            // From 0.4 the indices name the row and column; the path only locates the group (the 0.4 suite
            // writes it column first, and the validator, not the reader, judges that).
            let rowIndex = try reader.child("rowIndex")?.int() ?? Int64(rows.firstIndex(of: parts[parts.count - 2]) ?? -1)
            let columnIndex = try reader.child("columnIndex")?.int() ?? Int64(columns.firstIndex(of: parts[parts.count - 1]) ?? -1)
            guard rows.indices.contains(Int(rowIndex)), columns.indices.contains(Int(columnIndex)) else {
                throw MetadataError.invalid(path: reader.path, reason: "well \"\(path)\" is not in the plate's rows and columns")
            }
            return Well(path: path, rowName: rows[Int(rowIndex)], columnName: columns[Int(columnIndex)],
                        rowIndex: rowIndex, columnIndex: columnIndex)
        }
        return Plate(name: try plate.child("name")?.string(), rows: rows, columns: columns, wells: wells,
                     fieldCount: try plate.child("field_count")?.int())
    }
}

/// An HCS `well`: the fields of view (images) it holds.
public struct WellImages: Sendable, Hashable {
    public var paths: [String]

    public static func decode(_ value: JSONValue) throws -> WellImages {
        let images = try JSONReader(value, path: "$.well").required("images").elements()
        return WellImages(paths: try images.map { image in
            let path = try image.required("path")
            return try ObjectPath.relative(path.string(), at: path.path)
        })
    }
}

/// The `labels` group of an image: the relative paths of its label images.
public enum LabelList {
    public static func decode(_ value: JSONValue) throws -> [String] {
        try JSONReader(value, path: "$.labels").elements().map { try ObjectPath.relative($0.string(), at: $0.path) }
    }
}
