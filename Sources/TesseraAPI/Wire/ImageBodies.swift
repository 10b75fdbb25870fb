import TesseraCore

/// An image in `GET /v1/images`.
struct ImageItem: Encodable {
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

    enum CodingKeys: String, CodingKey {
        case id, study, name, kind, plate, well, field, dataset
        case zarrURL = "zarr_url"
        case ngffVersion = "ngff_version"
        case zarrFormat = "zarr_format"
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
struct ArrayItem: Encodable {
    let zarrFormat: Int
    let shape, chunks: [Int64]
    let shards: [Int64]?
    let dataType, byteOrder, order: String
    let fillValue, codecs: JSONValue
    let chunkKeyEncoding: KeyEncodingItem
    let dimensionNames: [String?]?

    struct KeyEncodingItem: Encodable {
        let name, separator: String
    }

    init(_ metadata: ZarrArrayMetadata) {
        zarrFormat = metadata.zarrFormat
        shape = metadata.shape
        chunks = metadata.chunkShape
        shards = metadata.shardShape
        dataType = metadata.dataType
        byteOrder = metadata.byteOrder.rawValue
        order = metadata.order
        fillValue = metadata.fillValue
        codecs = metadata.codecs
        chunkKeyEncoding = KeyEncodingItem(name: metadata.chunkKeyEncoding.name.rawValue, separator: metadata.chunkKeyEncoding.separator)
        dimensionNames = metadata.dimensionNames
    }

    enum CodingKeys: String, CodingKey {
        case shape, chunks, shards, order, codecs
        case zarrFormat = "zarr_format"
        case dataType = "data_type"
        case byteOrder = "byte_order"
        case fillValue = "fill_value"
        case chunkKeyEncoding = "chunk_key_encoding"
        case dimensionNames = "dimension_names"
    }

    func encode(to encoder: Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(zarrFormat, forKey: .zarrFormat)
        try container.encode(shape, forKey: .shape)
        try container.encode(chunks, forKey: .chunks)
        try container.encode(shards, forKey: .shards)
        try container.encode(dataType, forKey: .dataType)
        try container.encode(byteOrder, forKey: .byteOrder)
        try container.encode(order, forKey: .order)
        try container.encode(fillValue, forKey: .fillValue)
        try container.encode(codecs, forKey: .codecs)
        try container.encode(chunkKeyEncoding, forKey: .chunkKeyEncoding)
        try container.encode(dimensionNames, forKey: .dimensionNames)
    }
}
