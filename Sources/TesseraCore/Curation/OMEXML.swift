import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif

/// What the catalog reads from a bioformats2raw `OME/METADATA.ome.xml`: the images in series order and the
/// plates with their wells, each with the key/value pairs of the `MapAnnotation`s it references (`AnnotationRef`).
public struct OMEXML: Sendable {
    public struct Image: Sendable, Hashable {
        public var id: String
        public var name: String?
        public var annotations: [MapAnnotation]
    }

    public struct Plate: Sendable, Hashable {
        public var name: String?
        public var annotations: [MapAnnotation]
        public var wells: [Well]
    }

    /// A well by its 0-based row and column, as OME-XML numbers them.
    public struct Well: Sendable, Hashable {
        public var row: Int
        public var column: Int
        public var annotations: [MapAnnotation]
    }

    public struct MapAnnotation: Sendable, Hashable {
        public var namespace: String?
        public var pairs: [(key: String, value: String)]

        public static func == (lhs: MapAnnotation, rhs: MapAnnotation) -> Bool {
            lhs.namespace == rhs.namespace && lhs.pairs.elementsEqual(rhs.pairs) { $0 == $1 }
        }

        public func hash(into hasher: inout Hasher) {
            hasher.combine(namespace)
            for pair in pairs { hasher.combine(pair.key); hasher.combine(pair.value) }
        }
    }

    public var images: [Image]
    public var plates: [Plate]

    public enum ParseError: Error, CustomStringConvertible {
        case malformed(String)

        public var description: String {
            switch self {
            case .malformed(let reason): return "not well-formed OME-XML: \(reason)"
            }
        }
    }

    public static func parse(_ data: Data) throws -> OMEXML {
        let reader = Reader()
        let parser = XMLParser(data: data)
        parser.delegate = reader
        // Linux's parser can report success on a truncated document; check that the root element closed too.
        guard parser.parse(), parser.parserError == nil, reader.closedRoot else {
            throw ParseError.malformed(parser.parserError.map { "\($0.localizedDescription)" } ?? "the document ends early")
        }
        let annotations = reader.mapAnnotations
        return OMEXML(
            images: reader.images.map { image in
                Image(id: image.id, name: image.name, annotations: image.refs.compactMap { annotations[$0] })
            },
            plates: reader.plates.map { plate in
                Plate(name: plate.name, annotations: plate.refs.compactMap { annotations[$0] }, wells: plate.wells.map { well in
                    Well(row: well.row, column: well.column, annotations: well.refs.compactMap { annotations[$0] })
                })
            })
    }

    /// Collects elements by local name, ignoring namespaces (files carry several schema versions).
    private final class Reader: NSObject, XMLParserDelegate {
        var images: [(id: String, name: String?, refs: [String])] = []
        var plates: [(name: String?, refs: [String], wells: [(row: Int, column: Int, refs: [String])])] = []
        var mapAnnotations: [String: MapAnnotation] = [:]
        var closedRoot = false
        private var depth = 0
        private var inImage = false
        private var inPlate = false
        private var inWell = false
        private var currentMap: (id: String, annotation: MapAnnotation)?
        private var currentKey: String?
        private var text = ""

        func parser(_ parser: XMLParser, didStartElement element: String, namespaceURI: String?, qualifiedName: String?,
                    attributes: [String: String] = [:]) {
            depth += 1
            text = ""
            switch local(element) {
            case "Image":
                inImage = true
                images.append((attributes["ID"] ?? "", attributes["Name"], []))
            case "Plate":
                inPlate = true
                plates.append((attributes["Name"], [], []))
            case "Well" where inPlate:
                inWell = true
                plates[plates.count - 1].wells.append((Int(attributes["Row"] ?? "") ?? -1, Int(attributes["Column"] ?? "") ?? -1, []))
            case "AnnotationRef":
                guard let id = attributes["ID"] else { break }
                if inImage {
                    images[images.count - 1].refs.append(id)
                } else if inWell {
                    let plate = plates.count - 1
                    plates[plate].wells[plates[plate].wells.count - 1].refs.append(id)
                } else if inPlate {
                    plates[plates.count - 1].refs.append(id)
                }
            case "MapAnnotation":
                currentMap = (attributes["ID"] ?? "", MapAnnotation(namespace: attributes["Namespace"], pairs: []))
            case "M":
                currentKey = attributes["K"]
            default:
                break
            }
        }

        func parser(_ parser: XMLParser, foundCharacters string: String) {
            text += string
        }

        func parser(_ parser: XMLParser, didEndElement element: String, namespaceURI: String?, qualifiedName: String?) {
            depth -= 1
            if depth == 0 { closedRoot = true }
            switch local(element) {
            case "Image":
                inImage = false
            case "Plate":
                inPlate = false
            case "Well":
                inWell = false
            case "M":
                if let key = currentKey { currentMap?.annotation.pairs.append((key, text)) }
                currentKey = nil
            case "MapAnnotation":
                if let map = currentMap { mapAnnotations[map.id] = map.annotation }
                currentMap = nil
            default:
                break
            }
        }

        private func local(_ name: String) -> String {
            name.split(separator: ":").last.map(String.init) ?? name
        }
    }
}
