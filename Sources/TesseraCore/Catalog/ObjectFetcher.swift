import Foundation

/// Reads (parts of) published objects by URL: what the API needs to resolve shard indexes.
public protocol ObjectFetcher: Sendable {
    /// The bytes of the object at `url` within `range` (the whole object when `nil`); `nil` when it does not exist.
    func fetch(_ url: String, range: FetchRange?) async throws -> Data?
}

/// A byte range as object stores accept it.
public enum FetchRange: Sendable, Hashable {
    /// The first `count` bytes.
    case prefix(Int64)
    /// The last `count` bytes.
    case suffix(Int64)

    /// The HTTP `Range` header value.
    public var header: String {
        switch self {
        case .prefix(let count): return "bytes=0-\(count - 1)"
        case .suffix(let count): return "bytes=-\(count)"
        }
    }
}
