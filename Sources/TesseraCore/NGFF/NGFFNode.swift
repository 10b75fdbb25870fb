/// The OME attributes of one Zarr group, unwrapped from `.zattrs` (Zarr v2) or `zarr.json` `attributes.ome` (v3).
public struct NGFFNode: Sendable {
    public let zarrFormat: Int
    /// The OME metadata members (`multiscales`, `plate`, `well`, `labels`, …).
    public let attributes: [String: JSONValue]
    /// The OME-NGFF version, normalised (`0.4`, `0.5`); `nil` when the node carries none.
    public let version: String?
    /// The group's own key/value annotations (`AttributeAnnotations`), undecoded.
    public var mapAnnotations: JSONValue?

    /// What a group is, decided from which OME keys it holds (the validator's order: plate wins over bioformats2raw).
    public enum Kind: String, Sendable {
        case plate, well, image, labelImage = "label_image", labels, bioformats2raw, omeSeries = "ome_series", plain
    }

    public var kind: Kind {
        if attributes["plate"] != nil { return .plate }
        if attributes["well"] != nil { return .well }
        if attributes["image-label"] != nil { return .labelImage }
        if attributes["multiscales"] != nil { return .image }
        if attributes["labels"] != nil { return .labels }
        if attributes["bioformats2raw.layout"] != nil { return .bioformats2raw }
        if attributes["series"] != nil { return .omeSeries }
        return .plain
    }

    /// Reads a v2 group's `.zattrs` (pass `.object([:])` when it is absent: absent attributes are empty).
    public static func decodeV2(zattrs: JSONValue) throws -> NGFFNode {
        guard let members = zattrs.objectValue else {
            throw MetadataError.invalid(path: "$", reason: ".zattrs must be a JSON object")
        }
        var node = try NGFFNode(zarrFormat: 2, attributes: members, version: v2Version(members))
        node.mapAnnotations = members[AttributeAnnotations.key]
        return node
    }

    /// Reads a v3 group's `zarr.json`.
    public static func decodeV3(zarrJSON: JSONValue) throws -> NGFFNode {
        let root = JSONReader(zarrJSON)
        guard try root.required("zarr_format").int() == 3 else {
            throw MetadataError.invalid(path: "$.zarr_format", reason: "a zarr.json must declare zarr_format 3")
        }
        guard try root.required("node_type").string() == "group" else {
            throw MetadataError.invalid(path: "$.node_type", reason: "expected a group")
        }
        var node: NGFFNode
        if let ome = root.child("attributes")?.child("ome") {
            node = try NGFFNode(zarrFormat: 3, attributes: try ome.object(), version: ome.child("version")?.string())
        } else {
            node = try NGFFNode(zarrFormat: 3, attributes: [:], version: nil)
        }
        node.mapAnnotations = zarrJSON["attributes"]?[AttributeAnnotations.key]
        return node
    }

    init(zarrFormat: Int, attributes: [String: JSONValue], version raw: String?) throws {
        self.zarrFormat = zarrFormat
        self.attributes = attributes
        self.version = try raw.map { try NGFFVersion.normalise($0, zarrFormat: zarrFormat) }
    }

    /// Up to 0.4 each OME object carries its own `version` (multiscales, plate, well, image-label).
    private static func v2Version(_ members: [String: JSONValue]) -> String? {
        members["multiscales"]?.arrayValue?.first?["version"]?.stringValue
            ?? members["plate"]?["version"]?.stringValue
            ?? members["well"]?["version"]?.stringValue
            ?? members["image-label"]?["version"]?.stringValue
    }
}

/// OME-NGFF versions this catalog reads, and the normalisation of the spellings found in the wild.
public enum NGFFVersion {
    /// Versions by Zarr format: 0.1–0.4 live in Zarr v2, 0.5 in Zarr v3.
    static let supported: [Int: Set<String>] = [2: ["0.1", "0.2", "0.3", "0.4"], 3: ["0.5"]]

    /// `0.4.1` → `0.4`, `0.5-dev2` → `0.5`; a version this catalog cannot read throws `unsupported`.
    static func normalise(_ raw: String, zarrFormat: Int) throws -> String {
        let trimmed = raw.split(separator: "-").first.map(String.init) ?? raw
        let parts = trimmed.split(separator: ".")
        let version = parts.count >= 2 ? "\(parts[0]).\(parts[1])" : trimmed
        guard supported[zarrFormat, default: []].contains(version) else {
            let known = supported[zarrFormat, default: []].sorted().joined(separator: ", ")
            throw MetadataError.unsupported(path: "$.version", reason: "OME-NGFF \"\(raw)\" on Zarr v\(zarrFormat) is not supported (supported: \(known))")
        }
        return version
    }
}
