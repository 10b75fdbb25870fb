import Foundation
import TesseraCore

/// Where an image sits in its study, fixed by the path that led the crawler to it.
struct Placement {
    var containerID: String?
    var wellID: String?
    var field: String?
    var parentImageID: String?
    var kind: ImageRecord.Kind = .image
    var name: String
    /// Whether `name` is an OME-XML `<Image Name>`, which annotation tables address and so outranks the multiscales `name`.
    var nameIsCurated = false
    var sortKey: String
    /// The OME-NGFF version of the enclosing plate or image, for nodes that do not repeat it.
    var inheritedVersion: String?
}

extension StudyCrawler {
    /// Reads one OME-Zarr root by following its metadata; the root listing only tells the Zarr format and
    /// whether an RO-Crate sits beside it.
    mutating func readZarrRoot(_ root: String, listing: Listing, component: String?, dataset: String?) async {
        let format = listing.objects.contains { $0.name == "zarr.json" } ? 3 : 2
        let imagesBefore = snapshot.images.count
        do {
            guard let (node, document) = try await readNode(root, format: format) else { return }
            let folderName = Self.displayName(root)
            // Images outside plates belong to the dataset folder they sit in, if any.
            func placement() -> Placement {
                Placement(containerID: dataset.map { datasetContainer($0, component: component, root: root) },
                          name: folderName, sortKey: "\(snapshot.study.id)/\(relative(root))", inheritedVersion: nil)
            }
            switch node.kind {
            case .plate:
                try await readPlate(root, node: node, document: document, component: component, folderName: folderName)
            case .image, .labelImage:
                try await readImage(root, format: format, node: node, document: document, placement: placement())
            case .bioformats2raw:
                try await readCollection(root, format: format, placement: placement())
            default:
                record(root, "no OME-NGFF image, plate or bioformats2raw collection at this Zarr root (found \(node.kind.rawValue))")
            }
        } catch {
            record(error, at: root)
        }
        if let component {
            for image in snapshot.images[imagesBefore...] { componentOfImage[image.id] = component }
        }
        if listing.objects.contains(where: { $0.name == "ro-crate-metadata.json" }) {
            let images = snapshot.images[imagesBefore...].filter { $0.kind == .image }.map(\.id)
            await readROCrate(root + "ro-crate-metadata.json", images: images)
        }
    }

    /// Reads a group's metadata document: `zarr.json` for Zarr v3, `.zattrs` for v2. `nil` when the group has none.
    mutating func readNode(_ prefix: String, format: Int) async throws -> (NGFFNode, String)? {
        let key = Self.groupDocument(prefix, format: format)
        guard let object = await read(key) else { return nil }
        do {
            let document = try JSONValue.parse(object.data)
            let node = try format == 3 ? NGFFNode.decodeV3(zarrJSON: document) : NGFFNode.decodeV2(zattrs: document)
            flagSpecViolations(node, document: format == 3 ? document["attributes"] ?? .object([:]) : document, key: key)
            return (node, String(decoding: object.data, as: UTF8.self))
        } catch {
            throw DocumentError(key: key, underlying: error)
        }
    }

    /// Records what a readable document breaks of the spec's MUST rules (0.4 and 0.5), naming the JSON path;
    /// the node is still catalogued. SHOULD-level findings are not recorded.
    private mutating func flagSpecViolations(_ node: NGFFNode, document: JSONValue, key: String) {
        guard let kind = Self.validatedKinds[node.kind], let version = node.version, NGFFValidator.versions.contains(version) else { return }
        for finding in NGFFValidator.validate(document, as: kind, version: version) where finding.severity == .error {
            record(key, "does not conform to OME-NGFF \(version): \(finding)")
        }
    }

    private static let validatedKinds: [NGFFNode.Kind: NGFFDocumentKind] = [.image: .image, .labelImage: .label, .plate: .plate, .well: .well]

    /// Reads an image group whose metadata has not been fetched yet; problems are recorded against it.
    mutating func readImageGroup(_ prefix: String, format: Int, placement: Placement) async {
        do {
            guard let (node, document) = try await readNode(prefix, format: format) else {
                record(prefix, "metadata points at an image here, but its group metadata is missing")
                return
            }
            try await readImage(prefix, format: format, node: node, document: document, placement: placement)
        } catch {
            record(error, at: prefix)
        }
    }

    /// Reads every multiscale image of a group (usually one): resolution levels, then the group's label images.
    private mutating func readImage(_ prefix: String, format: Int, node: NGFFNode, document: String, placement: Placement) async throws {
        let version = node.version ?? placement.inheritedVersion ?? "0.4"
        let multiscales = try Self.decoding(prefix, format: format) {
            try Multiscale.decodeAll(node.attributes["multiscales"] ?? .null, version: version)
        }
        var imageIDs: [String] = []
        for (index, multiscale) in multiscales.enumerated() {
            // Further multiscales of one group are images of their own, named by their `name`.
            let suffix = index == 0 ? "" : "#\(index)"
            let imageID = StableID.make("img_", snapshot.study.id, relative(prefix) + suffix)
            imageIDs.append(imageID)
            var levels: [ArrayRecord] = []
            for (level, dataset) in multiscale.datasets.enumerated() {
                levels.append(try await readArray(prefix + dataset.path + "/", format: format, version: version, imageID: imageID,
                                                  level: level, dataset: dataset, rank: multiscale.axes.count, index: index))
            }
            let ownName = placement.kind == .image && placement.field == nil && !placement.nameIsCurated
            var name = ownName ? (multiscale.name ?? placement.name) : placement.name
            if index > 0 { name = multiscale.name ?? "\(placement.name) \(suffix)" }
            snapshot.images.append(ImageRecord(
                id: imageID, studyID: snapshot.study.id, containerID: placement.containerID, wellID: placement.wellID,
                parentImageID: placement.parentImageID, field: placement.field, kind: placement.kind, name: name,
                url: url(prefix), ngffVersion: version, zarrFormat: format,
                axesJSON: JSONValue.array(multiscale.axes.map(\.jsonValue)).jsonText,
                channelsJSON: node.attributes["omero"]?["channels"]?.jsonText,
                scaleJSON: multiscale.physicalScale(level: 0).map { JSONValue.numbers($0).jsonText }, document: document, sortKey: placement.sortKey + suffix))
            snapshot.arrays += levels
        }
        attachAttributeAnnotations(node, at: prefix, format: format, to: imageIDs.map { .init(.image, $0) })
        if placement.kind == .image {
            await readLabels(prefix, format: format, imageID: StableID.make("img_", snapshot.study.id, relative(prefix)),
                             placement: placement, version: version)
        }
    }

    /// Reads one resolution level's array document.
    private mutating func readArray(_ arrayPrefix: String, format: Int, version: String, imageID: String, level: Int,
                                    dataset: Multiscale.Dataset, rank: Int, index: Int) async throws -> ArrayRecord {
        let key = arrayPrefix + (format == 3 ? "zarr.json" : ".zarray")
        guard let object = await read(key) else {
            throw DocumentError(key: key, underlying: CrawlError.missing("the image's multiscales[\(index)].datasets[\(level)] names array \"\(dataset.path)\""))
        }
        var metadata: ZarrArrayMetadata
        let json: JSONValue
        do {
            json = try JSONValue.parse(object.data)
            metadata = try format == 3 ? .decodeV3(json) : .decodeV2(json)
            guard metadata.shape.count == rank else {
                throw MetadataError.invalid(path: "$.shape", reason: "array has \(metadata.shape.count) dimensions for \(rank) axes")
            }
        } catch {
            throw DocumentError(key: key, underlying: error)
        }
        if format == 2, ["0.1", "0.2", "0.3"].contains(version), json["dimension_separator"] == nil {
            metadata.chunkKeyEncoding = try await probedEncoding(arrayPrefix, metadata: metadata)
        }
        let arrayLevel = ArrayLevel(level: level, path: dataset.path, url: url(arrayPrefix), metadata: metadata,
                                    scale: dataset.scale, translation: dataset.translation)
        return ArrayRecord(imageID: imageID, level: arrayLevel, document: String(decoding: object.data, as: UTF8.self))
    }

    /// Before 0.4, writers used "/" keys without saying so, while Zarr v2 says an absent separator is ".".
    /// One probe of the first chunk settles it; when neither key exists the spec's "." stands.
    private func probedEncoding(_ arrayPrefix: String, metadata: ZarrArrayMetadata) async throws -> ChunkKeyEncoding {
        let dotted = ChunkKeyEncoding(name: .v2, separator: ".")
        let nested = ChunkKeyEncoding(name: .v2, separator: "/")
        let origin = [Int64](repeating: 0, count: metadata.shape.count)
        if try await source.exists(arrayPrefix + dotted.key(origin)) { return dotted }
        return try await source.exists(arrayPrefix + nested.key(origin)) ? nested : dotted
    }

    /// Label images listed in the image's `labels` group; an image without one simply has no labels.
    mutating func readLabels(_ prefix: String, format: Int, imageID: String, placement: Placement, version: String) async {
        do {
            guard let (node, _) = try await readNode(prefix + "labels/", format: format),
                  let list = node.attributes["labels"] else { return }
            for label in try Self.decoding(prefix + "labels/", format: format, { try LabelList.decode(list) }) {
                var labelPlacement = placement
                labelPlacement.kind = .label
                labelPlacement.parentImageID = imageID
                labelPlacement.name = label
                labelPlacement.sortKey = placement.sortKey + "/labels/" + label
                labelPlacement.inheritedVersion = version
                await readImageGroup(prefix + "labels/" + label + "/", format: format, placement: labelPlacement)
            }
        } catch {
            record(error, at: prefix + "labels/")
        }
    }

    /// The container for an experiment's `Dataset Name` folder, created on first use.
    private mutating func datasetContainer(_ name: String, component: String?, root: String) -> String {
        let id = StableID.make("dst_", snapshot.study.id, component ?? "", name)
        if !snapshot.containers.contains(where: { $0.id == id }) {
            let folder = String(root.dropLast().split(separator: "/").dropLast().joined(separator: "/")) + "/"
            snapshot.containers.append(ContainerRecord(
                id: id, studyID: snapshot.study.id, kind: .dataset, name: name, component: component,
                url: url(folder), ngffVersion: nil, zarrFormat: nil, document: nil))
        }
        return id
    }

    /// The key of a group's metadata document: `zarr.json` (Zarr v3) or `.zattrs` (v2).
    static func groupDocument(_ prefix: String, format: Int) -> String {
        prefix + (format == 3 ? "zarr.json" : ".zattrs")
    }

    /// Runs a decoder over a group's attributes, blaming its metadata document for what goes wrong.
    static func decoding<T>(_ prefix: String, format: Int, _ decode: () throws -> T) throws -> T {
        do {
            return try decode()
        } catch {
            throw DocumentError(key: groupDocument(prefix, format: format), underlying: error)
        }
    }

    /// A key relative to the study folder, without the trailing `/`.
    func relative(_ key: String) -> String {
        String(key.dropFirst(prefix.count)).trimmingSuffix("/")
    }

    /// `LM2_ONTARGETPlus_1A.ome.zarr/` → `LM2_ONTARGETPlus_1A`.
    static func displayName(_ prefix: String) -> String {
        let name = String(ObjectInfo.name(of: prefix))
        for suffix in [".ome.zarr", ".zarr"] where name.hasSuffix(suffix) {
            return String(name.dropLast(suffix.count))
        }
        return name
    }
}

extension String {
    func trimmingSuffix(_ suffix: String) -> String {
        hasSuffix(suffix) ? String(dropLast(suffix.count)) : self
    }
}
