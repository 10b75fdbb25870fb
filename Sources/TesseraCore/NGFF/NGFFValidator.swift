/// Checks OME-NGFF attributes against the spec's JSON schemas for 0.4 and 0.5, whose rules it writes out by hand.
///
/// A 0.4 document is a `.zattrs` object; a 0.5 document is the `attributes` object of a `zarr.json`, `{"ome": {…}}`.
/// Besides the schemas it enforces the MUSTs of the spec text that they cannot express: axis, row, column, well
/// and field names are unique, a well's indices point into the plate's rows and columns, and its path names them.
/// The fields that only the strict schemas require come back as warnings. A document must hold the key of the kind
/// it is validated as (`multiscales`, `image-label`, `plate`, `well`), although the 0.4 schemas leave the last three
/// optional: without it there is nothing to check.
public struct NGFFValidator: Sendable {
    /// The versions that have rules.
    public static let versions = ["0.4", "0.5"]

    let version: String
    private(set) var findings: [NGFFFinding] = []

    private init(version: String) {
        self.version = version
    }

    /// Every finding for `attributes` read as a `kind` document of `version` ("0.4" or "0.5"); empty when it conforms.
    public static func validate(_ attributes: JSONValue, as kind: NGFFDocumentKind, version: String) -> [NGFFFinding] {
        var validator = NGFFValidator(version: version)
        validator.document(JSONReader(attributes), as: kind)
        return validator.findings
    }

    private mutating func document(_ root: JSONReader, as kind: NGFFDocumentKind) {
        guard Self.versions.contains(version) else {
            let known = Self.versions.joined(separator: ", ")
            return error(at: root.path, "there are no rules for OME-NGFF \"\(version)\" (versions with rules: \(known))")
        }
        guard object(root) else { return }
        var metadata = root
        if version == "0.5" {
            // 0.5 moved everything, the one version field included, into the `ome` namespace.
            guard let ome = required("ome", in: root), object(ome) else { return }
            if let declared = required("version", in: ome) { versionValue(declared) }
            metadata = ome
        }
        switch kind {
        case .image:
            image(metadata)
        case .label:
            label(metadata)
        case .plate:
            if let plate = required("plate", in: metadata) { self.plate(plate) }
        case .well:
            if let well = required("well", in: metadata) { self.well(well) }
        }
    }

    mutating func error(at path: String, _ reason: String) {
        findings.append(NGFFFinding(severity: .error, path: path, reason: reason))
    }

    mutating func warning(at path: String, _ reason: String) {
        findings.append(NGFFFinding(severity: .warning, path: path, reason: reason))
    }
}
