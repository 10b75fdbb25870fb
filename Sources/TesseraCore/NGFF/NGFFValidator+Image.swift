/// image.schema: `multiscales` with their axes and coordinate transformations, and the optional `omero`.
extension NGFFValidator {
    mutating func image(_ metadata: JSONReader) {
        if let multiscales = required("multiscales", in: metadata) { self.multiscales(multiscales) }
        if let omero = metadata.member("omero") { self.omero(omero) }
    }

    private mutating func multiscales(_ node: JSONReader) {
        guard let entries = array(node, count: 1...Int.max) else { return }
        uniqueItems(entries)
        for entry in entries where object(entry) {
            multiscale(entry)
        }
    }

    private mutating func multiscale(_ entry: JSONReader) {
        if let name = recommended("name", in: entry) { string(name) }
        _ = recommended("type", in: entry)
        _ = recommended("metadata", in: entry)
        if version == "0.4", let declared = recommended("version", in: entry) { versionValue(declared) }
        if let axes = required("axes", in: entry) { self.axes(axes) }
        if let datasets = required("datasets", in: entry), let items = array(datasets, count: 1...Int.max) {
            for dataset in items where object(dataset) {
                if let path = required("path", in: dataset) { string(path) }
                if let transforms = required("coordinateTransformations", in: dataset) { coordinateTransformations(transforms) }
            }
        }
        if let transforms = entry.member("coordinateTransformations") { coordinateTransformations(transforms) }
    }

    private mutating func axes(_ node: JSONReader) {
        guard let items = array(node, count: 2...5) else { return }
        var names: [(name: String, node: JSONReader)] = []
        for axis in items where object(axis) {
            if let nameNode = required("name", in: axis), let name = string(nameNode) { names.append((name, nameNode)) }
            // Any string is a type: "space", "time" and "channel" are known, others are custom.
            if let type = axis.member("type") { string(type) }
        }
        uniqueNames(names)
        let spatial = items.filter(Self.mayBeSpatial).count
        if !(2...3).contains(spatial) {
            error(at: node.path, "needs 2 or 3 space axes (type \"space\", or no type), found \(spatial)")
        }
    }

    /// The schema's `contains` test for a space axis: an axis whose `type`, when it has one, is "space".
    private static func mayBeSpatial(_ axis: JSONReader) -> Bool {
        guard let members = axis.value.objectValue else { return false }
        let type = members["type"], name = members["name"], unit = members["unit"]
        return (type == nil || type == .string("space"))
            && (name == nil || name?.stringValue != nil) && (unit == nil || unit?.stringValue != nil)
    }

    /// Exactly one `scale`, and otherwise only `translation`s.
    private mutating func coordinateTransformations(_ node: JSONReader) {
        guard let items = array(node, count: 1...Int.max), !items.isEmpty else { return }
        for item in items where object(item) {
            guard let typeNode = required("type", in: item), let type = string(typeNode) else { continue }
            guard type == "scale" || type == "translation" else {
                error(at: typeNode.path, "\"\(type)\" is not \"scale\" or \"translation\"")
                continue
            }
            if let vector = required(type, in: item), let values = array(vector, count: 2...Int.max) {
                values.forEach { number($0) }
            }
        }
        let scales = items.filter(Self.mayBeScale)
        if scales.isEmpty {
            error(at: node.path, "must hold a scale transformation")
        } else if scales.count > 1 {
            error(at: scales[1].path, "a second scale transformation; exactly one is allowed")
        }
    }

    /// The schema's `contains` test for a scale: a transformation whose `type`, when it has one, is "scale".
    private static func mayBeScale(_ transform: JSONReader) -> Bool {
        guard let members = transform.value.objectValue else { return false }
        let type = members["type"]
        let values = members["scale"].map { $0.arrayValue.map { $0.count >= 2 && $0.allSatisfy { $0.doubleValue != nil } } ?? false }
        return (type == nil || type == .string("scale")) && values != false
    }

    /// `omero` (transitional rendering settings): channels, each with a display window and, in 0.4, a colour.
    private mutating func omero(_ node: JSONReader) {
        guard object(node), let channels = required("channels", in: node), let items = array(channels) else { return }
        for channel in items where object(channel) {
            let window = version == "0.4" ? required("window", in: channel) : channel.member("window")
            if let window, object(window) {
                for key in ["start", "min", "end", "max"] {
                    if let bound = required(key, in: window) { number(bound) }
                }
            }
            let color = version == "0.4" ? required("color", in: channel) : channel.member("color")
            if let color { string(color) }
            for key in ["label", "family"] {
                if let text = channel.member(key) { string(text) }
            }
            if let active = channel.member("active") { boolean(active) }
        }
    }
}
