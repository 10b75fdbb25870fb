/// One `multiscales` entry: a pyramid of arrays sharing axes.
public struct Multiscale: Sendable, Hashable, Codable {
    public var name: String?
    public var axes: [Axis]
    public var datasets: [Dataset]
    /// The optional multiscale-level transform, applied after each dataset's own.
    public var scale: [Double]?
    public var translation: [Double]?

    public struct Axis: Sendable, Hashable, Codable {
        public var name: String
        public var type: String?
        public var unit: String?

        public init(name: String, type: String? = nil, unit: String? = nil) {
            self.name = name
            self.type = type
            self.unit = unit
        }

        /// The axis as NGFF writes it, absent type and unit left out.
        public var jsonValue: JSONValue {
            var members: [String: JSONValue] = ["name": .string(name)]
            members["type"] = type.map { .string($0) }
            members["unit"] = unit.map { .string($0) }
            return .object(members)
        }
    }

    public struct Dataset: Sendable, Hashable, Codable {
        /// The array path relative to the image group.
        public var path: String
        /// `scale` and `translation` as written: the 0.4 schema lets their length differ from the number of axes.
        public var scale: [Double]?
        public var translation: [Double]?

        public init(path: String, scale: [Double]? = nil, translation: [Double]? = nil) {
            self.path = path
            self.scale = scale
            self.translation = translation
        }
    }

    /// Physical size of one level-`level` pixel per axis, when the metadata gives one scale value per axis.
    public func physicalScale(level: Int) -> [Double]? {
        guard datasets.indices.contains(level), let own = datasets[level].scale, own.count == axes.count else { return nil }
        guard let outer = scale else { return own }
        return outer.count == own.count ? zip(own, outer).map(*) : nil
    }
}

extension Multiscale {
    /// Reads every entry of a `multiscales` attribute; `version` selects the pre-0.4 axis conventions.
    public static func decodeAll(_ value: JSONValue, version: String?) throws -> [Multiscale] {
        let entries = try JSONReader(value, path: "$.multiscales").elements()
        guard !entries.isEmpty else {
            throw MetadataError.invalid(path: "$.multiscales", reason: "must hold at least one multiscale")
        }
        return try entries.map { try decode($0, version: version) }
    }

    static func decode(_ entry: JSONReader, version: String?) throws -> Multiscale {
        let datasetReaders = try entry.required("datasets").elements()
        guard !datasetReaders.isEmpty else {
            throw MetadataError.invalid(path: "\(entry.path).datasets", reason: "must list at least one dataset")
        }
        let axes = try decodeAxes(entry.child("axes"), version: version)
        let datasets = try datasetReaders.map { reader in
            let path = try reader.required("path")
            let transforms = try Transforms(reader.child("coordinateTransformations"))
            return Dataset(path: try ObjectPath.relative(path.string(), at: path.path),
                           scale: transforms.scale, translation: transforms.translation)
        }
        let outer = try Transforms(entry.child("coordinateTransformations"))
        return Multiscale(name: try entry.child("name")?.string(), axes: axes, datasets: datasets,
                          scale: outer.scale, translation: outer.translation)
    }

    /// 0.4+ axes are objects; 0.3 axes are bare names; 0.1 and 0.2 have none and are always `t,c,z,y,x`.
    static func decodeAxes(_ reader: JSONReader?, version: String?) throws -> [Axis] {
        guard let reader else {
            guard version == "0.1" || version == "0.2" else {
                throw MetadataError.invalid(path: "$.multiscales[].axes", reason: "axes are required from OME-NGFF 0.3 on")
            }
            return "tczyx".map { Axis(name: String($0), type: inferredType(String($0)), unit: nil) }
        }
        let axes = try reader.elements().map { element -> Axis in
            if let name = element.value.stringValue {
                return Axis(name: name, type: inferredType(name), unit: nil)
            }
            return Axis(name: try element.required("name").string(),
                        type: try element.child("type")?.string(),
                        unit: try element.child("unit")?.string())
        }
        guard (2...5).contains(axes.count) else {
            throw MetadataError.invalid(path: reader.path, reason: "must have 2 to 5 axes, found \(axes.count)")
        }
        guard Set(axes.map(\.name)).count == axes.count else {
            throw MetadataError.invalid(path: reader.path, reason: "axis names must be unique")
        }
        return axes
    }

    private static func inferredType(_ name: String) -> String? {
        switch name {
        case "t": return "time"
        case "c": return "channel"
        case "x", "y", "z": return "space"
        default: return nil
        }
    }
}

/// The `scale` and `translation` of a `coordinateTransformations` list, as written.
private struct Transforms {
    var scale: [Double]?
    var translation: [Double]?

    init(_ reader: JSONReader?) throws {
        guard let reader else { return }
        for transform in try reader.elements() {
            let type = try transform.required("type").string()
            switch type {
            case "scale": scale = try Self.vector(transform, key: "scale")
            case "translation": translation = try Self.vector(transform, key: "translation")
            case "identity": continue
            default: throw MetadataError.unsupported(path: "\(transform.path).type", reason: "transform \"\(type)\" is not supported")
            }
        }
    }

    private static func vector(_ transform: JSONReader, key: String) throws -> [Double] {
        guard let values = transform.child(key) else {
            throw MetadataError.unsupported(path: "\(transform.path).\(key)", reason: "transforms stored in binary arrays (\"path\") are not supported")
        }
        return try values.elements().map { try $0.double() }
    }
}
