/// The kinds of OME-NGFF document the validator checks, one per schema of the spec.
public enum NGFFDocumentKind: String, Sendable, Hashable, CaseIterable {
    /// `multiscales` (and `omero`): image.schema.
    case image
    /// `image-label`, plus the image rules when the document also holds `multiscales`: label.schema.
    case label
    /// `plate`: plate.schema.
    case plate
    /// `well`: well.schema.
    case well
}

/// One problem the validator found in an OME-NGFF attributes document.
public struct NGFFFinding: Sendable, Hashable, CustomStringConvertible {
    /// How far a document strays from the spec.
    public enum Severity: String, Sendable, Hashable {
        /// Breaks a MUST of the spec: a schema violation, or a rule of the spec text the schemas cannot express.
        case error
        /// Misses a SHOULD-level field, one that only the spec's strict schemas require.
        case warning
    }

    public var severity: Severity
    /// JSON path of the offending part, from `$`, the attributes object that was validated.
    public var path: String
    public var reason: String

    public init(severity: Severity, path: String, reason: String) {
        self.severity = severity
        self.path = path
        self.reason = reason
    }

    public var description: String { "\(severity.rawValue) at \(path): \(reason)" }
}
