import Foundation
import NIOHTTP1
import TesseraCore

/// One OME-Zarr root published over HTTP(S) (`https://host/path/name.zarr`), which cannot be listed: it is
/// discovered by its metadata alone. The source looks like a bucket holding one folder, `name.zarr/`, whose
/// listing is found by asking for the documents a Zarr root may have.
public struct HTTPRootSource: ObjectSource {
    public let publicBaseURL: String
    let rootName: String
    let http: CrawlHTTP
    /// Documents fetched while discovering the root, handed out again instead of fetched twice.
    private let fetched = FetchedDocuments()

    static let rootDocuments = ["zarr.json", ".zattrs", ".zgroup", "ro-crate-metadata.json"]

    public init(url: String, http: CrawlHTTP) throws {
        var trimmed = url
        while trimmed.hasSuffix("/") { trimmed.removeLast() }
        guard let components = URLComponents(string: trimmed), ["http", "https"].contains(components.scheme ?? ""),
              components.host != nil, let slash = trimmed.lastIndex(of: "/"), trimmed[slash...].count > 1 else {
            throw S3Error.configuration("\"\(url)\" is not an http(s) URL of a Zarr root")
        }
        publicBaseURL = String(trimmed[...slash])
        rootName = String(trimmed[trimmed.index(after: slash)...]).removingPercentEncoding ?? String(trimmed[trimmed.index(after: slash)...])
        self.http = http
    }

    public func list(prefix: String) async throws -> Listing {
        if prefix.isEmpty { return Listing(objects: [], prefixes: [rootName + "/"]) }
        guard prefix == rootName + "/" else { return Listing(objects: [], prefixes: []) }
        var objects: [ObjectInfo] = []
        for name in Self.rootDocuments {
            if let object = try await get(prefix + name) {
                await fetched.keep(object)
                objects.append(object.info)
            }
        }
        return Listing(objects: objects, prefixes: [])
    }

    public func get(_ key: String) async throws -> StoredObject? {
        if let object = await fetched.take(key) { return object }
        let answer = try await request(.GET, key)
        switch answer.status {
        case 200:
            let info = ObjectInfo(key: key, size: Int64(answer.body.count), etag: answer.headers.first(name: "etag"),
                                  lastModified: answer.headers.first(name: "last-modified"))
            return StoredObject(info: info, data: answer.body)
        // Static hosts answer 403 rather than 404 for absent files when listing is off.
        case 403, 404: return nil
        default: throw S3Error.status(request: "GET \(url(of: key))", status: answer.status, code: nil, message: nil)
        }
    }

    public func exists(_ key: String) async throws -> Bool {
        let answer = try await request(.HEAD, key)
        switch answer.status {
        case 200: return true
        case 403, 404: return false
        default: throw S3Error.status(request: "HEAD \(url(of: key))", status: answer.status, code: nil, message: nil)
        }
    }

    public func inventory(prefix: String, wanted: @escaping @Sendable (Substring) -> Bool) async throws -> [ObjectInfo]? { nil }

    /// Whether every object read last time is still as it was, asked with conditional GETs (`If-None-Match`):
    /// a 304 carries no body, so an unchanged root costs one small answer per document.
    public var listsAllStudies: Bool { false }

    public func unchanged(_ objects: [SourceObject]) async throws -> Bool? {
        guard !objects.isEmpty, objects.allSatisfy({ $0.etag != nil }) else { return false }
        return try await withThrowingTaskGroup(of: Bool.self) { group in
            for object in objects {
                group.addTask {
                    let answer = try await http.send("GET \(object.url) if changed") {
                        var request = CrawlRequest(url: object.url)
                        request.headers.add(name: "If-None-Match", value: object.etag!)
                        return request
                    }
                    return answer.status == 304
                }
            }
            for try await same in group where !same {
                group.cancelAll()
                return false
            }
            return true
        }
    }

    private func request(_ method: HTTPMethod, _ key: String) async throws -> HTTPAnswer {
        let url = url(of: key)
        return try await http.send("\(method) \(url)") {
            CrawlRequest(method, url: url)
        }
    }
}

private actor FetchedDocuments {
    private var objects: [String: StoredObject] = [:]

    func keep(_ object: StoredObject) { objects[object.info.key] = object }
    func take(_ key: String) -> StoredObject? { objects.removeValue(forKey: key) }
}
