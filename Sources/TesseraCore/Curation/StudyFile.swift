import Foundation

/// An IDR `idrNNNN-study.txt`: tab-separated `Key<TAB>value<TAB>value…` records, split into the study
/// block and one block per `Screen Number` / `Experiment Number`. Multi-valued keys use extra columns.
public struct StudyFile: Sendable, Hashable {
    /// Values per key of the study block; a repeated key keeps its first record.
    public var values: [String: [String]]
    public var components: [Component]

    /// One screen or experiment block.
    public struct Component: Sendable, Hashable {
        public enum Kind: String, Sendable { case screen, experiment }
        public var kind: Kind
        public var values: [String: [String]]

        /// The block's own key, e.g. `Imaging Method` → `Screen Imaging Method`.
        public func first(_ key: String) -> String? { values["\(kind == .screen ? "Screen" : "Experiment") \(key)"]?.first }
        public func all(_ key: String) -> [String] { values["\(kind == .screen ? "Screen" : "Experiment") \(key)"] ?? [] }
    }

    public static func parse(_ text: String) -> StudyFile {
        var file = StudyFile(values: [:], components: [])
        for record in StudyFileRecords(text) {
            guard let key = record.first, !key.isEmpty else { continue }
            let values = record.dropFirst().filter { !$0.isEmpty }
            switch key {
            case "Screen Number": file.components.append(Component(kind: .screen, values: [:]))
            case "Experiment Number": file.components.append(Component(kind: .experiment, values: [:]))
            default: break
            }
            if file.components.isEmpty {
                if file.values[key] == nil { file.values[key] = Array(values) }
            } else if file.components[file.components.count - 1].values[key] == nil {
                file.components[file.components.count - 1].values[key] = Array(values)
            }
        }
        return file
    }

    public func first(_ key: String) -> String? { values[key]?.first }
    public func all(_ key: String) -> [String] { values[key] ?? [] }

    public var accession: String? { first("Comment[IDR Study Accession]") }
    public var title: String? { first("Study Title") }
    public var description: String? { first("Study Description") }
    public var license: String? { first("Study License") }
    public var licenseURL: String? { first("Study License URL") }
    public var organisms: [String] { all("Study Organism") }
    public var organismAccessions: [String] { all("Study Organism Term Accession") }
}

/// The records of a study file: fields split at tabs, spreadsheet quoting undone (a quoted cell may hold
/// tabs, `""` and newlines), comment lines (`#` or `"#`) skipped whole, and surrounding spaces trimmed.
struct StudyFileRecords: Sequence {
    let text: String

    init(_ text: String) {
        self.text = text
    }

    func makeIterator() -> Array<[String]>.Iterator {
        DelimitedRecords(text, separator: "\t", skipsCommentLines: true).records
            .map { $0.map { $0.trimmingSpaces() } }
            .makeIterator()
    }
}
