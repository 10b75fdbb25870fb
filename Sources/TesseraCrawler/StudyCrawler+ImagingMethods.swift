import TesseraCore

extension StudyCrawler {
    /// Makes the study file's imaging methods (`Screen Imaging Method` and its FBbi accession, per component)
    /// `imaging_method` terms of the images acquired with them: a component's on the images found in its folder;
    /// on images of no component the file names (a plate a filesets table placed), the methods all components share.
    mutating func applyImagingMethods() {
        guard let (file, url) = studyFile else { return }
        let components = file.metadata.components
        var byFolder: [String: [StudyMetadata.Term]] = [:]
        for component in components {
            // `Comment[IDR Screen Name]` is `idr0028-pascualvargas-rhogtpases/screenB`: its folder is the last part.
            guard let name = component.name?.split(separator: "/").last else { continue }
            byFolder[name.lowercased()] = component.imagingMethods
        }
        let shared = components.first?.imagingMethods.filter { method in components.allSatisfy { $0.imagingMethods.contains(method) } } ?? []
        var imagesByMethods: [[StudyMetadata.Term]: [String]] = [:]
        for image in snapshot.images where image.kind == .image {
            let methods = componentOfImage[image.id].flatMap { byFolder[$0.lowercased()] } ?? shared
            if !methods.isEmpty { imagesByMethods[methods, default: []].append(image.id) }
        }
        let source = Provenance(url: url)
        for (methods, images) in imagesByMethods.sorted(by: { $0.value[0] < $1.value[0] }) {
            let pairs = methods.flatMap { method in
                ([method.name] + [method.accession].compactMap { $0 }).map { MapAnnotation.Pair(key: "Imaging Method", value: $0, source: source) }
            }
            snapshot.mapAnnotations.append(MapAnnotationRecord(
                annotation: MapAnnotation(namespace: Self.studyInfoNamespace, pairs: pairs), subjects: images.map { .init(.image, $0) }))
        }
    }
}
