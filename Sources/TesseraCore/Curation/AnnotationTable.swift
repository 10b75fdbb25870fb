import Foundation

/// The rows of an IDR annotation table, each addressed to a well or an image, with the map annotations its
/// bulkmap config (or the built-in mapping) makes of it.
public struct AnnotationTable: Sendable {
    public enum Address: Sendable, Hashable, CustomStringConvertible {
        /// Screens: `Plate` + `Well` (`F9` → row `F`, column 9).
        case well(plate: String, row: String, column: Int)
        /// Experiments: `Dataset Name` + `Image Name`.
        case image(dataset: String, image: String)

        public var description: String {
            switch self {
            case .well(let plate, let row, let column): return "plate \(plate) well \(row)\(column)"
            case .image(let dataset, let image): return "dataset \(dataset) image \(image)"
            }
        }
    }

    public struct Row: Sendable {
        public var number: Int
        public var address: Address
        public var annotations: [MapAnnotation]
    }

    public var rows: [Row] = []
    /// From the config applied: namespaces whose annotations rows share, and whether wells pass theirs to their images.
    public var primaryKeys: [String: [String]] = [:]
    public var wellToImages = true
    /// Organism and cell-line names with the ontology accessions the table pairs them with.
    public var links: [TermLink] = []
    /// Records and config entries that could not be used, each with the reason.
    public var problems: [String] = []

    /// Applies `config` (the built-in mapping when `nil`) to every addressable record of `table`.
    public static func read(_ table: CSVTable, config: BulkmapConfig?, source: String) throws -> AnnotationTable {
        var result = AnnotationTable()
        result.problems = table.malformed.map { "record \($0.number) \($0.reason)" }
        let config = config ?? BulkmapConfig.builtIn(header: table.header)
        result.primaryKeys = config.primaryKeys
        result.wellToImages = config.wellToImages
        let index = Dictionary(table.header.enumerated().map { ($1, $0) }, uniquingKeysWith: { first, _ in first })
        let groups = try config.outputGroups(header: table.header)
        for column in Set(groups.flatMap(\.columns).map(\.name)) where index[column] == nil {
            result.problems.append("the bulkmap config names column \"\(column)\", which the table does not have")
        }
        let accessionColumns = TermLink.accessionColumns(header: table.header)
        let addressing = Dictionary(table.header.enumerated().map { ($1.lowercased(), $0) }, uniquingKeysWith: { first, _ in first })
        for (number, cells) in table.rows {
            guard let address = address(cells, columns: addressing) else {
                result.problems.append("record \(number) has no usable Plate + Well or Dataset Name + Image Name")
                continue
            }
            var annotations: [MapAnnotation] = []
            for group in groups {
                let pairs = group.columns.flatMap { column in
                    index[column.name].map {
                        Self.pairs(column, cell: cells[$0], source: Provenance(url: source, row: number, column: column.name))
                    } ?? []
                }
                guard !pairs.isEmpty else { continue }
                let annotation = MapAnnotation(namespace: group.namespace, pairs: pairs)
                if let duplicate = annotation.duplicatePair {
                    result.problems.append("record \(number): \(group.namespace) would hold \(duplicate.key) = \(duplicate.value) twice; skipped")
                    continue
                }
                annotations.append(annotation)
            }
            result.rows.append(Row(number: number, address: address, annotations: annotations))
            result.links += TermLink.learn(cells: cells, accessionColumns: accessionColumns)
        }
        return result
    }

    /// omero-py's per-cell transform: split and strip, drop empty pieces, render the client value.
    private static func pairs(_ column: BulkmapConfig.Column, cell: String, source: Provenance) -> [MapAnnotation.Pair] {
        var values = column.split.map { separator in cell.components(separatedBy: separator).map { $0.trimmingWhitespace() } } ?? [cell]
        if column.omitEmpty { values.removeAll { $0.trimmingWhitespace().isEmpty } }
        if let template = column.clientValue { values = values.map(template.render) }
        return values.map { MapAnnotation.Pair(key: column.key, value: $0, source: source) }
    }

    private static func address(_ cells: [String], columns: [String: Int]) -> Address? {
        func cell(_ name: String) -> String? {
            columns[name].map { cells[$0].trimmingSpaces() }.flatMap { $0.isEmpty ? nil : $0 }
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
        guard !letters.isEmpty, !digits.isEmpty, digits.allSatisfy(\.isASCII), digits.allSatisfy(\.isNumber), let column = Int(digits) else { return nil }
        return (letters.uppercased(), column)
    }
}
