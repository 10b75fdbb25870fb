import TesseraCore

/// An image in a list or search result, with what a client needs to read one level of it without another
/// request: the level's array metadata, axes with units, physical scale and the template of its chunk URLs.
struct ImageHitItem: Encodable {
    let image: ImageItem
    let axes: [Multiscale.Axis]?
    let level: ArrayLevel?

    /// `arrays` nil means the image has no readable levels (not expected of catalogued images, but never a crash).
    /// The level asked for, or the image's last (lowest resolution) when it has fewer.
    init(_ summary: ImageSummary, arrays: ImageArrays?, level: Int) {
        image = ImageItem(summary)
        axes = arrays?.axes
        self.level = arrays.flatMap { arrays in arrays.levels.first { $0.level == level } ?? arrays.levels.last }
    }

    var chunkURLTemplate: String? {
        level.map { $0.chunkURLTemplate(axes: axes ?? []) }
    }

    enum CodingKeys: String, CodingKey {
        case axes, array, scale, translation
        case arrayLevel = "array_level"
        case arrayURL = "array_url"
        case chunkURLTemplate = "chunk_url_template"
    }

    func encode(to encoder: Encoder) throws {
        try image.encode(to: encoder)
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(axes, forKey: .axes)
        try container.encode(level?.level, forKey: .arrayLevel)
        try container.encode(level?.url, forKey: .arrayURL)
        try container.encode(level.map { ArrayItem($0.metadata) }, forKey: .array)
        try container.encode(level?.scale, forKey: .scale)
        try container.encode(level?.translation, forKey: .translation)
        try container.encode(chunkURLTemplate, forKey: .chunkURLTemplate)
    }
}
