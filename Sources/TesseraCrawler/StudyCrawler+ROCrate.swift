import Foundation
import TesseraCore

extension StudyCrawler {
    /// The namespace of annotations taken from RO-Crate metadata.
    static let roCrateNamespace = "https://w3id.org/ro/crate"

    /// Annotates the images of a Zarr root with its RO-Crate: organism and imaging method as terms,
    /// name and licence as key/values.
    mutating func readROCrate(_ key: String, images: [String]) async {
        guard let object = await read(key) else { return }
        let crate: ROCrate
        do {
            crate = try ROCrate.decode(JSONValue.parse(object.data))
        } catch {
            record(key, "\(error)")
            return
        }
        let facts: [(String, String?, Term.Kind?)] = [
            ("Organism", crate.organism, .organism), ("Imaging Method", crate.imagingMethod, .imagingMethod),
            ("Name", crate.name, nil), ("License", crate.license, nil),
        ]
        for imageID in images {
            for case let (name, value?, kind) in facts {
                snapshot.annotations.append(AnnotationRecord(
                    studyID: snapshot.study.id, subject: .image, subjectID: imageID, namespace: Self.roCrateNamespace,
                    key: name, value: value, term: kind.map { Term(kind: $0, value: value) }, sourceURL: url(key), sourceRow: nil))
            }
        }
    }
}
