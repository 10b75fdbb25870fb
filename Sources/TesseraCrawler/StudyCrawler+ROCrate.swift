import Foundation
import TesseraCore

extension StudyCrawler {
    /// The namespace of annotations taken from RO-Crate metadata.
    static let roCrateNamespace = "https://w3id.org/ro/crate"

    /// Annotates the images of a Zarr root with its RO-Crate: one map annotation whose organism and imaging
    /// method name terms, with the crate's name and licence.
    mutating func readROCrate(_ key: String, images: [String]) async {
        guard let object = await read(key) else { return }
        let crate: ROCrate
        do {
            crate = try ROCrate.decode(JSONValue.parse(object.data))
        } catch {
            record(key, "\(error)")
            return
        }
        let facts = [("Organism", crate.organism), ("Imaging Method", crate.imagingMethod), ("Name", crate.name), ("License", crate.license)]
        let source = Provenance(url: url(key))
        let pairs = facts.compactMap { name, value in value.map { MapAnnotation.Pair(key: name, value: $0, source: source) } }
        guard !pairs.isEmpty, !images.isEmpty else { return }
        snapshot.mapAnnotations.append(MapAnnotationRecord(
            annotation: MapAnnotation(namespace: Self.roCrateNamespace, pairs: pairs), subjects: images.map { .init(.image, $0) }))
    }
}
