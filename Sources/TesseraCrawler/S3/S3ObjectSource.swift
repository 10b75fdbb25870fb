import Foundation
import TesseraCore

/// A bucket, or a prefix in one, on any S3-compatible store. Keys handed to and returned by the protocol are
/// relative to the prefix.
public struct S3ObjectSource: ObjectSource {
    public let client: S3Client
    public let location: S3Location
    public let publicBaseURL: String

    /// - Parameter publicBaseURL: where clients fetch the objects; the endpoint's URL of the prefix by default.
    public init(client: S3Client, location: S3Location, publicBaseURL: String? = nil) {
        self.client = client
        self.location = location
        self.publicBaseURL = publicBaseURL ?? client.endpoint.url(bucket: location.bucket, key: location.prefix)
    }

    public func list(prefix: String) async throws -> Listing {
        var listing = Listing(objects: [], prefixes: [])
        try await forEachPage(prefix, delimiter: "/") { page in
            listing.objects += page.objects.map(info)
            listing.prefixes += page.prefixes.map { String($0.dropFirst(location.prefix.count)) }
        }
        return listing
    }

    public func get(_ key: String) async throws -> StoredObject? {
        guard let object = try await client.get(bucket: location.bucket, key: location.prefix + key) else { return nil }
        return StoredObject(info: ObjectInfo(key: key, size: Int64(object.body.count), etag: object.etag, lastModified: object.lastModified),
                            data: object.body)
    }

    public func exists(_ key: String) async throws -> Bool {
        try await client.exists(bucket: location.bucket, key: location.prefix + key)
    }

    /// One listing level with a delimiter, then a flat listing (1000 keys a request) of every sub-prefix,
    /// the sub-prefixes listed side by side.
    public func inventory(prefix: String, wanted: @escaping @Sendable (Substring) -> Bool) async throws -> [ObjectInfo]? {
        let top = try await list(prefix: prefix)
        var found = top.objects.filter { wanted($0.name) }
        try await withThrowingTaskGroup(of: [ObjectInfo].self) { group in
            var pending = top.prefixes[...]
            // A few listings at a time: each is a sequential chain of pages, and GETs share the same pool.
            let width = max(1, min(8, client.http.concurrency / 8))
            func next() {
                guard let sub = pending.popFirst() else { return }
                group.addTask {
                    var objects: [ObjectInfo] = []
                    try await forEachPage(sub, delimiter: nil) { page in
                        // Filtered before they become objects: most of a bucket's keys are chunks, not wanted.
                        objects += page.objects.filter { wanted(ObjectInfo.name(of: $0.key)) }.map(info)
                    }
                    return objects
                }
            }
            for _ in 0..<width { next() }
            while let objects = try await group.next() {
                found += objects
                next()
            }
        }
        return found.sorted { $0.key < $1.key }
    }

    private func forEachPage(_ prefix: String, delimiter: String?, _ body: (ListObjectsPage) throws -> Void) async throws {
        var continuation: String?
        repeat {
            let page = try await client.list(bucket: location.bucket, prefix: location.prefix + prefix, delimiter: delimiter,
                                             continuation: continuation)
            // Zero-byte "folder" markers (`a/b/`) that some tools write are not objects.
            var objects = page
            objects.objects.removeAll { $0.key.hasSuffix("/") }
            try body(objects)
            continuation = page.nextContinuationToken
        } while continuation != nil
    }

    private func info(_ object: (key: String, size: Int64, etag: String?, lastModified: String?)) -> ObjectInfo {
        ObjectInfo(key: String(object.key.dropFirst(location.prefix.count)), size: object.size, etag: object.etag,
                   lastModified: object.lastModified)
    }
}
