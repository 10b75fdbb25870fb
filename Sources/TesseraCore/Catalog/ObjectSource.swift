import Foundation

/// A bucket-like tree of objects the crawler reads: a local folder, an S3 bucket, an HTTP(S) Zarr root.
public protocol ObjectSource: Sendable {
    /// The URL under which catalogued objects are published: chunk URLs are built on it.
    var publicBaseURL: String { get }
    /// The objects and sub-prefixes directly under `prefix` (`""` for the root, else ending in `/`).
    func list(prefix: String) async throws -> Listing
    /// The object at `key`, or `nil` when there is none.
    func get(_ key: String) async throws -> StoredObject?
    /// Whether an object exists at `key`, without reading it (probing layouts the metadata does not spell out).
    func exists(_ key: String) async throws -> Bool
    /// Every object at any depth below `prefix` whose name `wanted` accepts, in key order; `nil` when the
    /// source cannot be listed (an HTTP root is discovered by its metadata alone).
    func inventory(prefix: String, wanted: @escaping @Sendable (Substring) -> Bool) async throws -> [ObjectInfo]?
    /// The URL clients fetch `key` at.
    func url(of key: String) -> String
    /// Whether the root's listing names every study the source holds, so that a study missing from it is gone.
    /// An HTTP root names only itself.
    var listsAllStudies: Bool { get }
    /// For sources without an inventory: whether the objects read last time are all unchanged, asked without
    /// reading them (conditional requests); `nil` when the source cannot tell.
    func unchanged(_ objects: [SourceObject]) async throws -> Bool?
}

extension ObjectSource {
    public func url(of key: String) -> String { ObjectPath.url(publicBaseURL, appending: key) }

    public var listsAllStudies: Bool { true }

    public func unchanged(_ objects: [SourceObject]) async throws -> Bool? { nil }

    /// Walks the folders one listing at a time; sources with a flat listing (S3) answer in far fewer requests.
    public func inventory(prefix: String, wanted: @escaping @Sendable (Substring) -> Bool) async throws -> [ObjectInfo]? {
        var found: [ObjectInfo] = []
        var folders = [prefix]
        while let folder = folders.popLast() {
            let listing = try await list(prefix: folder)
            found += listing.objects.filter { wanted($0.name) }
            folders += listing.prefixes
        }
        return found.sorted { $0.key < $1.key }
    }
}

public struct Listing: Sendable {
    public var objects: [ObjectInfo]
    /// Child prefixes, each ending in `/`.
    public var prefixes: [String]

    public init(objects: [ObjectInfo], prefixes: [String]) {
        self.objects = objects
        self.prefixes = prefixes
    }
}

public struct ObjectInfo: Sendable, Hashable {
    public var key: String
    public var size: Int64
    public var etag: String?
    public var lastModified: String?

    public init(key: String, size: Int64, etag: String?, lastModified: String?) {
        self.key = key
        self.size = size
        self.etag = Self.meaningful(etag)
        self.lastModified = lastModified
    }

    /// An ETag that names nothing (empty, or `""`) is no ETag: servers without content hashes send one (rclone
    /// with `--etag-hash ""`), and comparing it would take any edit that keeps an object's size for no change.
    static func meaningful(_ etag: String?) -> String? {
        guard let etag, !etag.isEmpty, etag != "\"\"" else { return nil }
        return etag
    }

    /// The last path segment of the key.
    public var name: Substring { Self.name(of: key) }

    /// The last path segment of a key (a folder's name for a key ending in `/`).
    public static func name(of key: String) -> Substring {
        // By bytes: "/" is ASCII, so its neighbours are character boundaries, and no grapheme breaking is needed.
        var trimmed = Substring(key)
        if trimmed.utf8.last == UInt8(ascii: "/") { trimmed = trimmed.dropLast() }
        guard let slash = trimmed.utf8.lastIndex(of: UInt8(ascii: "/")) else { return trimmed }
        return trimmed[trimmed.utf8.index(after: slash)...]
    }
}

public struct StoredObject: Sendable {
    public var info: ObjectInfo
    public var data: Data
    /// Taken from the catalog, which holds the document as it was when its source object had this identity,
    /// instead of read from the source again.
    public var fromCatalog: Bool

    public init(info: ObjectInfo, data: Data, fromCatalog: Bool = false) {
        self.info = info
        self.data = data
        self.fromCatalog = fromCatalog
    }
}
