import TesseraCore

/// An image in a list or search result, with what a client needs to read one level of it without another
/// request: the level's array metadata, axes with units, physical scale and the template of its chunk URLs.
struct ImageHitItem: WireValue {
    let image: ImageItem
    let axes: [Multiscale.Axis]?
    let level: ArrayLevel?

    /// `arrays` holds the one level chosen; nil means the image has no readable levels (not expected of catalogued
    /// images, but never a crash).
    init(_ summary: ImageSummary, arrays: ImageArrays?) {
        image = ImageItem(summary)
        axes = arrays?.axes
        level = arrays?.levels.first
    }

    var chunkURLTemplate: String? {
        level.map { $0.chunkURLTemplate(axes: axes ?? []) }
    }

    var wire: JSONValue {
        guard case .object(var members) = image.wire else { return image.wire }
        members["axes"] = .from(axes) { .array($0.map(\.wire)) }
        members["array_level"] = .from(level) { .int(Int64($0.level)) }
        members["array_url"] = .from(level) { .string($0.url) }
        members["array"] = .from(level) { ArrayItem($0.metadata).wire }
        members["scale"] = .from(level?.scale) { .array($0.map(JSONValue.double)) }
        members["translation"] = .from(level?.translation) { .array($0.map(JSONValue.double)) }
        members["chunk_url_template"] = .from(chunkURLTemplate, JSONValue.string)
        return .object(members)
    }
}

extension Multiscale.Axis {
    /// As the synthesized `Encodable` writes it: absent type and unit left out.
    var wire: JSONValue {
        var members: [String: JSONValue] = ["name": .string(name)]
        if let type { members["type"] = .string(type) }
        if let unit { members["unit"] = .string(unit) }
        return .object(members)
    }
}
