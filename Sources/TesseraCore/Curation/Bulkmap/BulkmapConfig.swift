import Yams

/// An IDR bulkmap config (`idrNNNN-screenA-bulkmap-config.yml`): which annotation-table columns become key/value
/// pairs of which map-annotation namespace, as omero-py's `KeyValueGroupList` reads it.
public struct BulkmapConfig: Sendable {
    /// Ungrouped included columns form one map annotation per row in this namespace.
    public static let bulkNamespace = "openmicroscopy.org/omero/bulk_annotations"

    public struct Column: Sendable, Hashable {
        public var name: String
        public var clientName: String?
        public var clientValue: ClientValueTemplate?
        public var include: Bool
        public var split: String?
        public var visible: Bool
        public var omitEmpty: Bool
        /// 1-based place in its group; columns without one fill the gaps in order.
        public var position: Int?

        /// The key of the pairs this column yields; hidden keys start with `__`.
        public var key: String { (visible ? "" : "__") + (clientName ?? name) }
    }

    public struct Group: Sendable {
        public var namespace: String
        public var columns: [Column]
    }

    /// Configured groups in file order, then the ungrouped columns in `bulkNamespace`.
    public var groups: [Group]
    /// Namespaces whose annotations are shared between rows with the same values of these keys.
    public var primaryKeys: [String: [String]]
    /// Whether a well's annotations also apply to all its images (`advanced.well_to_images`).
    public var wellToImages: Bool
    /// The options of columns the config does not name; with `include` they join the ungrouped columns.
    var defaults: Column

    public struct Invalid: Error, CustomStringConvertible {
        public let message: String
        public var description: String { message }
    }

    /// The groups as applied to a table with this header: unconfigured columns appended when the defaults
    /// include them, excluded columns dropped, positioned columns placed.
    public func outputGroups(header: [String]) throws -> [Group] {
        let named = Set(groups.flatMap { $0.columns.map(\.name) })
        return try groups.map { group in
            var columns = group.columns
            if group.namespace == Self.bulkNamespace, defaults.include {
                var seen = Set<String>()
                for name in header where !named.contains(name) && seen.insert(name).inserted {
                    var column = defaults
                    column.name = name
                    columns.append(column)
                }
            }
            return Group(namespace: group.namespace, columns: try Self.placed(columns.filter(\.include)))
        }
    }

    private static func placed(_ columns: [Column]) throws -> [Column] {
        var positioned: [Int: Column] = [:]
        var rest = columns.filter { $0.position == nil }[...]
        for column in columns {
            guard let position = column.position else { continue }
            guard positioned.updateValue(column, forKey: position) == nil else {
                throw Invalid(message: "two columns are placed at position \(position)")
            }
        }
        guard let last = positioned.keys.max() else { return columns }
        var result: [Column] = []
        for position in 1...last {
            if let column = positioned[position] {
                result.append(column)
            } else if let column = rest.popFirst() {
                result.append(column)
            } else {
                throw Invalid(message: "no column for position \(position)")
            }
        }
        return result + rest
    }
}

extension BulkmapConfig {
    static let columnOptions: Set<String> = ["name", "clientname", "clientvalue", "include", "includeclient", "position", "split",
                                             "type", "visible", "omitempty"]

    /// Parses the YAML text of a bulkmap config.
    public static func parse(_ text: String) throws -> BulkmapConfig {
        let root: Node?
        do {
            root = try Yams.compose(yaml: text)
        } catch {
            throw Invalid(message: "not valid YAML: \(error)")
        }
        guard let root, let top = root.mapping else { throw Invalid(message: "a bulkmap config is a YAML mapping") }
        // omero-py's built-in defaults, overridden by the file's `defaults`.
        var defaults = Column(name: "", include: true, visible: true, omitEmpty: false)
        if let node = top["defaults"], node.mapping != nil {
            defaults = try column(node, defaults: defaults, requireName: false)
        }
        var groups: [Group] = []
        var ungrouped: [Column] = []
        for entry in top["columns"]?.sequence ?? [] {
            if let group = entry.mapping?["group"] {
                guard let namespace = group.mapping?["namespace"]?.string, !namespace.isEmpty else {
                    throw Invalid(message: "a group needs a namespace")
                }
                let columns = try (group.mapping?["columns"]?.sequence ?? []).map { try column($0, defaults: defaults, requireName: true) }
                guard !columns.isEmpty else { throw Invalid(message: "group \(namespace) has no columns") }
                groups.append(Group(namespace: namespace, columns: columns))
            } else {
                ungrouped.append(try column(entry, defaults: defaults, requireName: true))
            }
        }
        groups.append(Group(namespace: bulkNamespace, columns: ungrouped))
        let advanced = top["advanced"]?.mapping
        var primaryKeys: [String: [String]] = [:]
        for entry in advanced?["primary_group_keys"]?.sequence ?? [] {
            guard let namespace = entry.mapping?["namespace"]?.string, let keys = entry.mapping?["keys"]?.sequence else {
                throw Invalid(message: "primary_group_keys entries need a namespace and a list of keys")
            }
            guard primaryKeys[namespace] == nil else { throw Invalid(message: "primary keys given twice for \(namespace)") }
            primaryKeys[namespace] = keys.compactMap(\.string)
        }
        return BulkmapConfig(groups: groups, primaryKeys: primaryKeys, wellToImages: advanced?["well_to_images"]?.bool ?? false,
                             defaults: defaults)
    }

    private static func column(_ node: Node, defaults: Column, requireName: Bool) throws -> Column {
        guard let mapping = node.mapping else { throw Invalid(message: "a column entry is a mapping") }
        var column = defaults
        for (keyNode, value) in mapping {
            let key = keyNode.string ?? ""
            guard columnOptions.contains(key) else { throw Invalid(message: "unknown column option \"\(key)\"") }
            let isNull = value.tag == Tag(.null)
            switch key {
            case "name": column.name = value.string ?? ""
            case "clientname": column.clientName = isNull ? nil : value.string
            case "clientvalue": column.clientValue = isNull ? nil : try ClientValueTemplate(value.string ?? "")
            case "include": column.include = try flag(value, key)
            case "visible": column.visible = try flag(value, key)
            case "omitempty": column.omitEmpty = try flag(value, key)
            case "split": column.split = isNull || value.string == "" ? nil : value.string
            case "position":
                guard let position = value.int else { throw Invalid(message: "position must be an integer") }
                column.position = position > 0 ? position : nil
            default: break  // `type` and `includeclient` change nothing for key/value pairs.
            }
        }
        if requireName, column.name.isEmpty { throw Invalid(message: "a column entry needs a name") }
        return column
    }

    private static func flag(_ node: Node, _ key: String) throws -> Bool {
        guard let value = node.bool else { throw Invalid(message: "\(key) must be yes/no or true/false") }
        return value
    }
}
