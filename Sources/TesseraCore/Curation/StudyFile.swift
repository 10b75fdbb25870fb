import Foundation

/// The study-level block of an IDR `idrNNNN-study.txt`: tab-separated `Key<TAB>value<TAB>value…` records.
public struct StudyFile: Sendable, Hashable {
    /// Values per key, from the lines before the first `Screen Number` / `Experiment Number` block.
    public var values: [String: [String]]

    public static func parse(_ text: String) -> StudyFile {
        var values: [String: [String]] = [:]
        for rawLine in text.split(omittingEmptySubsequences: true, whereSeparator: { $0 == "\n" || $0 == "\r\n" }) {
            let line = rawLine.hasSuffix("\r") ? rawLine.dropLast() : rawLine[...]
            // Comments start with `#`, or `"#` where a spreadsheet quoted them.
            if line.hasPrefix("#") || line.hasPrefix("\"#") { continue }
            let fields = line.split(separator: "\t", omittingEmptySubsequences: false).map {
                $0.trimmingCharacters(in: .whitespaces)
            }
            guard let key = fields.first, !key.isEmpty else { continue }
            if key == "Screen Number" || key == "Experiment Number" { break }
            if values[key] == nil { values[key] = fields.dropFirst().filter { !$0.isEmpty } }
        }
        return StudyFile(values: values)
    }

    public func first(_ key: String) -> String? { values[key]?.first }

    public var accession: String? { first("Comment[IDR Study Accession]") }
    public var title: String? { first("Study Title") }
    public var description: String? { first("Study Description") }
    public var license: String? { first("Study License") }
    public var licenseURL: String? { first("Study License URL") }
    public var organisms: [String] { values["Study Organism"] ?? [] }
    public var organismAccessions: [String] { values["Study Organism Term Accession"] ?? [] }
}
