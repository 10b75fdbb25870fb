import Foundation

/// The rows of an IDR annotation table, each addressed to a well or an image, with its annotations.
public struct AnnotationTable: Sendable {
    public enum Address: Sendable, Hashable {
        /// Screens: `Plate` + `Well` (`F9` → row `F`, column 9).
        case well(plate: String, row: String, column: Int)
        /// Experiments: `Dataset Name` + `Image Name`.
        case image(dataset: String, image: String)
    }

    public struct Entry: Sendable, Hashable {
        public var namespace: String
        public var key: String
        public var value: String
        public var term: Term?
    }

    public struct Row: Sendable {
        public var number: Int
        public var address: Address
        public var entries: [Entry]
    }

    public var rows: [Row] = []
    /// Records that could not be used, each with its record number and the reason.
    public var problems: [String] = []

    public static func read(_ table: CSVTable) -> AnnotationTable {
        var result = AnnotationTable()
        result.problems = table.malformed.map { "record \($0.number) \($0.reason)" }
        let columns = Dictionary(table.header.enumerated().map { ($1.lowercased(), $0) }, uniquingKeysWith: { first, _ in first })
        let rules = AnnotationColumns.rules(for: table.header)
        for (number, cells) in table.rows {
            guard let address = address(cells, columns: columns) else {
                result.problems.append("record \(number) has no usable Plate + Well or Dataset Name + Image Name")
                continue
            }
            var entries: [Entry] = []
            for (index, rule) in rules.sorted(by: { $0.key < $1.key }) {
                let value = cells[index].trimmingCharacters(in: .whitespaces)
                guard !value.isEmpty else { continue }
                entries.append(Entry(namespace: rule.namespace, key: rule.key, value: value,
                                     term: rule.term.map { Term(kind: $0, value: value) }))
            }
            result.rows.append(Row(number: number, address: address, entries: entries))
        }
        return result
    }

    private static func address(_ cells: [String], columns: [String: Int]) -> Address? {
        func cell(_ name: String) -> String? {
            columns[name].map { cells[$0].trimmingCharacters(in: .whitespaces) }.flatMap { $0.isEmpty ? nil : $0 }
        }
        if let plate = cell("plate"), let well = cell("well"), let (row, column) = WellName.parse(well) {
            return .well(plate: plate, row: row, column: column)
        }
        if let dataset = cell("dataset name"), let image = cell("image name") {
            return .image(dataset: dataset, image: image)
        }
        return nil
    }
}

/// Well names as annotation tables write them: row letters then a column number (`A1`, `P24`, `A01`).
public enum WellName {
    public static func parse(_ name: String) -> (row: String, column: Int)? {
        let letters = name.prefix { $0.isASCII && $0.isLetter }
        let digits = name.dropFirst(letters.count)
        guard !letters.isEmpty, !digits.isEmpty, digits.allSatisfy(\.isNumber), let column = Int(digits) else { return nil }
        return (letters.uppercased(), column)
    }
}
