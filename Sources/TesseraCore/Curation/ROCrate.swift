/// What the catalog reads from an RO-Crate `ro-crate-metadata.json` beside an OME-Zarr root, as the 2024
/// NGFF challenge writes it: the dataset's name, description and licence, the organism of its biosample
/// and the imaging method (FBbi) of its acquisition.
public struct ROCrate: Sendable, Hashable {
    public var name: String?
    public var description: String?
    public var license: String?
    public var organism: String?
    public var imagingMethod: String?

    public static func decode(_ document: JSONValue) throws -> ROCrate {
        guard let graph = document["@graph"]?.arrayValue else {
            throw MetadataError.invalid(path: "$.@graph", reason: "an RO-Crate needs an @graph list")
        }
        func first(_ key: String) -> String? {
            graph.lazy.compactMap { $0[key]?.stringValue ?? $0[key]?["@id"]?.stringValue }.first
        }
        func typed(_ type: String) -> [JSONValue] {
            graph.filter { $0["@type"]?.stringValue == type || $0["@type"]?.arrayValue?.contains(.string(type)) == true }
        }
        return ROCrate(
            name: first("name"), description: first("description"), license: first("license"),
            organism: typed("biosample").lazy.compactMap { $0["organism_classification"]?["@id"]?.stringValue }.first,
            imagingMethod: typed("image_acquisition").lazy.compactMap { $0["fbbi_id"]?["@id"]?.stringValue }.first)
    }
}
