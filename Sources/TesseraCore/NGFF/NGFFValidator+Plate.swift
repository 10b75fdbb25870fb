/// plate.schema and well.schema: the HCS plate grid, its wells and acquisitions, and a well's fields of view.
extension NGFFValidator {
    mutating func plate(_ node: JSONReader) {
        guard object(node) else { return }
        if let name = recommended("name", in: node) { string(name) }
        if version == "0.4", let declared = recommended("version", in: node) { versionValue(declared) }
        if let fieldCount = node.member("field_count") { integer(fieldCount, atLeast: 1) }
        if let acquisitions = node.member("acquisitions"), let items = array(acquisitions) {
            for acquisition in items where object(acquisition) {
                self.acquisition(acquisition)
            }
        }
        let rows = required("rows", in: node).flatMap { names(of: $0) }
        let columns = required("columns", in: node).flatMap { names(of: $0) }
        guard let wells = required("wells", in: node), let items = array(wells, count: 1...Int.max) else { return }
        var paths: [(name: String, node: JSONReader)] = []
        for well in items where object(well) {
            if let path = plateWell(well, rows: rows, columns: columns) { paths.append(path) }
        }
        uniqueNames(paths)
    }

    private mutating func acquisition(_ node: JSONReader) {
        if let id = required("id", in: node) { integer(id, atLeast: 0) }
        if let name = recommended("name", in: node) { string(name) }
        if let count = recommended("maximumfieldcount", in: node) { integer(count, atLeast: 1) }
        if let description = node.member("description") { string(description) }
        for key in ["starttime", "endtime"] {
            if let time = node.member(key) { integer(time, atLeast: 0) }
        }
    }

    /// The names of `rows` or `columns` by index, `nil` for an entry without a valid name; `nil` when there are none.
    private mutating func names(of node: JSONReader) -> [String?]? {
        guard let items = array(node, count: 1...Int.max), !items.isEmpty else { return nil }
        var names: [(name: String, node: JSONReader)] = []
        let byIndex = items.map { item -> String? in
            guard object(item), let nameNode = required("name", in: item), let name = alphanumericName(nameNode) else { return nil }
            names.append((name, nameNode))
            return name
        }
        uniqueNames(names)
        return byIndex
    }

    /// One entry of `wells`; returns its path for the uniqueness check.
    private mutating func plateWell(_ node: JSONReader, rows: [String?]?, columns: [String?]?) -> (name: String, node: JSONReader)? {
        let pathNode = required("path", in: node)
        let path = pathNode.flatMap { alphanumericName($0, segments: 2) }
        let row = required("rowIndex", in: node).flatMap { index($0, into: rows, of: "row") }
        let column = required("columnIndex", in: node).flatMap { index($0, into: columns, of: "column") }
        guard let pathNode, let path else { return nil }
        if let row, let column, !pathNames(path, row: row, column: column) {
            error(at: pathNode.path, "\"\(path)\" must name the well's row and column: \"\(row)/\(column)\"")
        }
        return (path, pathNode)
    }

    /// A well's `rowIndex` or `columnIndex`: it must point into the plate's list (a MUST of the spec text).
    /// Returns the name there, when the list and the name are valid.
    private mutating func index(_ node: JSONReader, into names: [String?]?, of what: String) -> String? {
        guard let index = integer(node, atLeast: 0), index >= 0, let names else { return nil }
        guard index < names.count else {
            error(at: node.path, "the plate has no \(what) \(index) (it has \(names.count))")
            return nil
        }
        return names[Int(index)]
    }

    /// 0.5 requires `row/column`, in that order, as its suite's `well_path_has_column_before_row` case shows.
    /// The 0.4 suite itself writes column-first paths in cases it counts valid, so for 0.4 either order will do.
    private func pathNames(_ path: String, row: String, column: String) -> Bool {
        let parts = path.split(separator: "/").map(String.init)
        return parts == [row, column] || (version == "0.4" && parts == [column, row])
    }

    mutating func well(_ node: JSONReader) {
        guard object(node) else { return }
        if version == "0.4", let declared = recommended("version", in: node) { versionValue(declared) }
        guard let images = required("images", in: node), let items = array(images, count: 1...Int.max) else { return }
        var paths: [(name: String, node: JSONReader)] = []
        for image in items where object(image) {
            if let pathNode = required("path", in: image), let path = alphanumericName(pathNode) { paths.append((path, pathNode)) }
            if let acquisition = image.member("acquisition") { integer(acquisition) }
        }
        uniqueNames(paths)
    }
}
