import TesseraCore

/// An image in `GET /v1/images`.
struct ImageItem: WireValue {
    let id, study, name, kind, zarrURL, ngffVersion: String
    let zarrFormat: Int
    let plate, well, field, dataset: String?

    init(_ image: ImageSummary) {
        id = image.id
        study = image.study
        name = image.name
        kind = image.kind.rawValue
        zarrURL = image.zarrURL
        ngffVersion = image.ngffVersion
        zarrFormat = image.zarrFormat
        plate = image.plate
        well = image.well
        field = image.field
        dataset = image.dataset
    }

    var wire: JSONValue {
        var members: [String: JSONValue] = [
            "id": .string(id), "study": .string(study), "name": .string(name), "kind": .string(kind),
            "zarr_url": .string(zarrURL), "ngff_version": .string(ngffVersion), "zarr_format": .int(Int64(zarrFormat)),
        ]
        for (key, value) in [("plate", plate), ("well", well), ("field", field), ("dataset", dataset)] {
            if let value { members[key] = .string(value) }
        }
        return .object(members)
    }
}

/// `GET /v1/images/{id}`: the image with every resolution level a client needs to read it.
struct ImageBody: Encodable {
    let image: ImageItem
    let axes: [Multiscale.Axis]
    let channels: JSONValue?
    let scale: [Double]?
    let parentImage: String?
    let levels: [LevelItem]
    let labels: [LabelSummary]
    let annotations: [AnnotationSummary]
    let chunkURLTemplate: String?
    let imageLabel: JSONValue?

    init(_ detail: ImageDetail) {
        image = ImageItem(detail.summary)
        axes = detail.axes
        channels = detail.channels
        scale = detail.scale
        parentImage = detail.parentImage
        levels = detail.levels.map { LevelItem($0, axes: detail.axes) }
        labels = detail.labels
        annotations = detail.annotations
        chunkURLTemplate = levels.first?.chunkURLTemplate
        imageLabel = detail.imageLabel
    }

    enum CodingKeys: String, CodingKey {
        case axes, channels, scale, levels, labels, annotations
        case parentImage = "parent_image"
        case chunkURLTemplate = "chunk_url_template"
        case imageLabel = "image_label"
    }

    func encode(to encoder: Encoder) throws {
        try image.encode(to: encoder)
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(axes, forKey: .axes)
        try container.encode(channels, forKey: .channels)
        try container.encode(scale, forKey: .scale)
        try container.encode(parentImage, forKey: .parentImage)
        try container.encode(chunkURLTemplate, forKey: .chunkURLTemplate)
        try container.encode(levels, forKey: .levels)
        try container.encode(labels, forKey: .labels)
        try container.encode(annotations, forKey: .annotations)
        try container.encodeIfPresent(imageLabel, forKey: .imageLabel)
    }
}

/// One resolution level: where its array is and how its chunks are laid out and encoded.
struct LevelItem: Encodable {
    let level: Int
    let path, url: String
    let array: ArrayItem
    let scale, translation: [Double]?
    /// The level's URL with `{axis}` placeholders where the chunk indices go.
    let chunkURLTemplate: String

    init(_ level: ArrayLevel, axes: [Multiscale.Axis]) {
        self.level = level.level
        path = level.path
        url = level.url
        array = ArrayItem(level.metadata)
        scale = level.scale
        translation = level.translation
        chunkURLTemplate = level.chunkURLTemplate(axes: axes)
    }

    enum CodingKeys: String, CodingKey {
        case level, path, url, array, scale, translation
        case chunkURLTemplate = "chunk_url_template"
    }
}

/// The array metadata of a level, in the terms of the Zarr specs.
struct ArrayItem: WireValue {
    let metadata: ZarrArrayMetadata

    init(_ metadata: ZarrArrayMetadata) {
        self.metadata = metadata
    }

    var wire: JSONValue {
        let integers = { (values: [Int64]) in JSONValue.array(values.map(JSONValue.int)) }
        return .object([
            "zarr_format": .int(Int64(metadata.zarrFormat)), "shape": integers(metadata.shape), "chunks": integers(metadata.chunkShape),
            "shards": .from(metadata.shardShape, integers), "data_type": .string(metadata.dataType),
            "byte_order": .string(metadata.byteOrder.rawValue), "order": .string(metadata.order), "fill_value": metadata.fillValue,
            "codecs": metadata.codecs,
            "chunk_key_encoding": .object(["name": .string(metadata.chunkKeyEncoding.name.rawValue),
                                           "separator": .string(metadata.chunkKeyEncoding.separator)]),
            "dimension_names": .from(metadata.dimensionNames) { .array($0.map { .from($0, JSONValue.string) }) },
        ])
    }
}
