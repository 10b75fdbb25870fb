import Foundation
import TesseraCore

extension StudyCrawler {
    /// Most numbered series a collection without a series list is probed for.
    static let maximumProbedSeries = 100_000

    /// Reads a bioformats2raw collection: its images are the `OME` group's `series`, else as many as
    /// `OME/METADATA.ome.xml` lists, else `0/`, `1/`, … up to the first missing one. The OME-XML also
    /// names the images (`file.czi [0]`) and carries their map annotations.
    mutating func readCollection(_ root: String, format: Int, placement: Placement) async throws {
        let xml = await readOMEXML(root + "OME/METADATA.ome.xml")
        var series = try await seriesList(root + "OME/", format: format)
        if series == nil, let xml {
            series = xml.images.indices.map(String.init)
        }
        if series == nil {
            var count = 0
            while count < Self.maximumProbedSeries, try await source.exists(Self.groupDocument(root + "\(count)/", format: format)) {
                count += 1
            }
            series = (0..<count).map(String.init)
        }
        for (index, path) in (series ?? []).enumerated() {
            let image = xml.flatMap { $0.images.indices.contains(index) ? $0.images[index] : nil }
            var imagePlacement = placement
            imagePlacement.name = image?.name ?? "\(placement.name) [\(index)]"
            imagePlacement.nameIsCurated = image?.name != nil
            imagePlacement.sortKey = placement.sortKey + "/" + path
            let prefix = root + path + "/"
            await readImageGroup(prefix, format: format, placement: imagePlacement)
            let imageID = StableID.make("img_", snapshot.study.id, relative(prefix))
            guard let image, snapshot.images.contains(where: { $0.id == imageID }) else { continue }
            attach(image.annotations, to: [.init(.image, imageID)], source: url(root + "OME/METADATA.ome.xml"))
        }
    }

    /// The `series` attribute of the `OME` group, when the group and the attribute exist.
    private mutating func seriesList(_ omePrefix: String, format: Int) async throws -> [String]? {
        guard let (node, _) = try await readNode(omePrefix, format: format), let series = node.attributes["series"] else { return nil }
        return try Self.decoding(omePrefix, format: format) {
            let reader = try series.arrayValue.orThrow(MetadataError.invalid(path: "$.series", reason: "expected a list of paths"))
            return try reader.enumerated().map { index, element in
                try ObjectPath.relative(element.stringValue ?? "", at: "$.series[\(index)]")
            }
        }
    }

    mutating func readOMEXML(_ key: String) async -> OMEXML? {
        guard let object = await read(key) else { return nil }
        do {
            return try OMEXML.parse(object.data)
        } catch {
            record(key, "\(error)")
            return nil
        }
    }

    /// OME-XML map annotations on an image, a plate or a well; keys name terms as IDR's mapr keys do.
    mutating func attach(_ annotations: [OMEXML.MapAnnotation], to subjects: [MapAnnotationRecord.Subject], source: String) {
        snapshot.mapAnnotations += annotations.map { annotation in
            let pairs = annotation.pairs.map { MapAnnotation.Pair(key: $0.0, value: $0.1, source: Provenance(url: source)) }
            return MapAnnotationRecord(
                annotation: MapAnnotation(namespace: annotation.namespace ?? AttributeAnnotations.defaultNamespace, pairs: pairs),
                subjects: subjects)
        }
    }

    /// A group's own `map_annotations` attribute on what the group is (image, plate, well); a malformed one is
    /// recorded against the group's document and the group is still catalogued.
    mutating func attachAttributeAnnotations(_ node: NGFFNode, at prefix: String, format: Int, to subjects: [MapAnnotationRecord.Subject]) {
        guard let value = node.mapAnnotations, !subjects.isEmpty else { return }
        let key = Self.groupDocument(prefix, format: format)
        do {
            snapshot.mapAnnotations += try AttributeAnnotations.decode(value, source: Provenance(url: url(key)))
                .map { MapAnnotationRecord(annotation: $0, subjects: subjects) }
        } catch {
            record(key, "\(error)")
        }
    }
}

extension Optional {
    func orThrow(_ error: @autoclosure () -> Error) throws -> Wrapped {
        guard let self else { throw error() }
        return self
    }
}
