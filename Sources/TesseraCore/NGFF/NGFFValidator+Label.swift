/// label.schema: the `image-label` of a label image, its colours, properties and source.
extension NGFFValidator {
    mutating func label(_ metadata: JSONReader) {
        if let imageLabel = required("image-label", in: metadata), object(imageLabel) { self.imageLabel(imageLabel) }
        // A label image is an image too; the label schema leaves its multiscales to the image rules.
        if metadata.member("multiscales") != nil { image(metadata) }
    }

    private mutating func imageLabel(_ node: JSONReader) {
        if version == "0.4", let declared = recommended("version", in: node) { versionValue(declared) }
        if let colors = recommended("colors", in: node), let items = array(colors, count: 1...Int.max) {
            uniqueItems(items)
            for color in items where object(color) {
                if let value = required("label-value", in: color) { number(value) }
                if let rgba = color.member("rgba"), let channels = array(rgba, count: 4...4) {
                    channels.forEach { integer($0, atLeast: 0, atMost: 255) }
                }
            }
        }
        if let properties = node.member("properties"), let items = array(properties, count: 1...Int.max) {
            uniqueItems(items)
            for property in items where object(property) {
                if let value = required("label-value", in: property) { integer(value) }
            }
        }
        if let source = node.member("source"), object(source), let image = source.member("image") {
            string(image)
        }
    }
}
