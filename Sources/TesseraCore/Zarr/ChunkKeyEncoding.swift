/// How chunk grid indices become object keys (Zarr v3 `chunk_key_encoding`; v2 arrays use the `v2` form).
public struct ChunkKeyEncoding: Sendable, Hashable, Codable {
    public enum Name: String, Sendable, Hashable, Codable {
        /// `c/1/2/3`: keys carry a `c` prefix.
        case `default`
        /// `1.2.3`: the Zarr v2 layout.
        case v2
    }

    public var name: Name
    public var separator: String

    public init(name: Name, separator: String) {
        self.name = name
        self.separator = separator
    }

    /// The key of the chunk at `indices`, relative to the array's own prefix.
    public func key(_ indices: some Collection<Int64>) -> String {
        switch name {
        case .default:
            var key = "c"
            for index in indices {
                key += separator
                key += String(index)
            }
            return key
        case .v2: return indices.isEmpty ? "0" : indices.map { String($0) }.joined(separator: separator)
        }
    }

    /// A URI-template form of the key with one `{axis}` placeholder per dimension.
    public func template(axisNames: [String]) -> String {
        switch name {
        case .default: return axisNames.reduce(into: "c") { key, axis in key += separator + "{\(axis)}" }
        case .v2: return axisNames.isEmpty ? "0" : axisNames.map { "{\($0)}" }.joined(separator: separator)
        }
    }
}
