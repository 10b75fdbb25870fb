/// JSON paths in RFC 9535 syntax, built one step at a time from `$`.
enum JSONPath {
    /// `parent.key` when the key is a plain name, `parent['image-label']` when it is not.
    static func member(_ parent: String, _ key: String) -> String {
        guard isPlainName(key) else {
            let escaped = key.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "'", with: "\\'")
            return "\(parent)['\(escaped)']"
        }
        return "\(parent).\(key)"
    }

    static func element(_ parent: String, _ index: Int) -> String {
        "\(parent)[\(index)]"
    }

    /// RFC 9535's member-name shorthand, kept to ASCII: a letter or `_`, then letters, digits or `_`.
    private static func isPlainName(_ key: String) -> Bool {
        guard let first = key.unicodeScalars.first, first == "_" || isASCIILetter(first) else { return false }
        return key.unicodeScalars.allSatisfy { $0 == "_" || isASCIILetter($0) || ("0"..."9").contains($0) }
    }

    private static func isASCIILetter(_ scalar: Unicode.Scalar) -> Bool {
        ("a"..."z").contains(scalar) || ("A"..."Z").contains(scalar)
    }
}
