/// Key/value annotations a Zarr group carries itself, for data published without IDR-style curation files: the
/// attribute `map_annotations` (top level of `.zattrs` in Zarr v2, of `zarr.json`'s `attributes` in v3) holding a
/// list of `{"namespace": "openmicroscopy.org/mapr/gene", "pairs": [["Gene Symbol", "CDC20"], …]}` (namespace
/// optional). Keys name terms as in map annotations from anywhere else.
public enum AttributeAnnotations {
    public static let key = "map_annotations"
    public static let defaultNamespace = "openmicroscopy.org/omero/client/mapAnnotation"

    public static func decode(_ value: JSONValue, source: Provenance) throws -> [MapAnnotation] {
        let path = "$.\(key)"
        guard let entries = value.arrayValue else {
            throw MetadataError.invalid(path: path, reason: "expected a list of {namespace, pairs}")
        }
        return try entries.enumerated().map { index, entry in
            guard let members = entry.objectValue, let pairs = members["pairs"]?.arrayValue else {
                throw MetadataError.invalid(path: "\(path)[\(index)]", reason: "expected an object with a list of pairs")
            }
            let namespace: String
            switch members["namespace"] {
            case nil, .null?: namespace = defaultNamespace
            case let value?:
                guard let text = value.stringValue else {
                    throw MetadataError.invalid(path: "\(path)[\(index)].namespace", reason: "expected a string")
                }
                namespace = text
            }
            return MapAnnotation(namespace: namespace, pairs: try pairs.enumerated().map { number, pair in
                guard let items = pair.arrayValue, items.count == 2, let key = items[0].stringValue, let value = items[1].stringValue else {
                    throw MetadataError.invalid(path: "\(path)[\(index)].pairs[\(number)]", reason: "expected [key, value], two strings")
                }
                return MapAnnotation.Pair(key: key, value: value, source: source)
            })
        }
    }
}
