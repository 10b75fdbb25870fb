import NIOFoundationCompat
import Foundation
import Hummingbird
import TesseraAPI
import TesseraCrawler
import TesseraStore
import TesseraTesting

/// A running API over a catalog of the example studies; requests travel over real HTTP on 127.0.0.1.
enum APIHarness {
    /// The base the example bucket is published under; the API serves it at `/data/`.
    static let base = "http://tessera.test/data/"

    /// The options of a demo-like deployment: the bucket served under `/data/` and read from disk for shard indexes.
    static func options(bucket: String = Fixtures.examples, shardIndexes: ShardIndexCache = ShardIndexCache()) -> APIOptions {
        APIOptions(dataDirectory: bucket, fetcher: PublishedObjectFetcher(mirrors: [base: bucket]), shardIndexes: shardIndexes)
    }

    /// A fresh catalog of `bucket` (with `curation` kept apart from it, if given), crawled once, with the database
    /// under it and the source it was crawled from.
    static func withCatalog<T: Sendable>(_ backend: TestBackend, bucket: String = Fixtures.examples, curation: Curation? = nil,
                                         _ body: (SQLDatabase, SQLCatalog, LocalFolderSource) async throws -> T) async throws -> T {
        try await backend.withFreshDatabase { database in
            let catalog = SQLCatalog(database: database)
            let source = try LocalFolderSource(path: bucket, publicBaseURL: base)
            _ = try await Crawler(store: catalog, logger: Fixtures.logger).crawl(source, label: "bucket", curation: curation)
            return try await body(database, catalog, source)
        }
    }

    static func withAPI<T: Sendable>(_ backend: TestBackend, bucket: String = Fixtures.examples, curation: Curation? = nil,
                                     options: APIOptions? = nil, _ body: @Sendable (APIClient) async throws -> T) async throws -> T {
        try await withCatalog(backend, bucket: bucket, curation: curation) { _, catalog, _ in
            try await LiveServer.run(buildRouter(store: catalog, options: options ?? Self.options(bucket: bucket)), body)
        }
    }
}

/// A decoded answer: status, content type and JSON body.
struct Answer {
    let status: Int
    let contentType: String?
    let body: Data

    var json: [String: Any] { (try? JSONSerialization.jsonObject(with: body)) as? [String: Any] ?? [:] }
    var items: [[String: Any]] { json["items"] as? [[String: Any]] ?? [] }
}

extension APIClient {
    func get(_ path: String) async throws -> Answer {
        let reply = try await execute(uri: path, method: .get)
        return Answer(status: Int(reply.status.code), contentType: reply.headers[.contentType], body: Data(buffer: reply.body))
    }

    func post(_ path: String, _ body: String, headers: HTTPFields = [:]) async throws -> Answer {
        var headers = headers
        headers[.contentType] = "application/json"
        let reply = try await execute(uri: path, method: .post, headers: headers, body: ByteBuffer(string: body))
        return Answer(status: Int(reply.status.code), contentType: reply.headers[.contentType], body: Data(buffer: reply.body))
    }

    /// Follows `next_cursor` until the list ends.
    func getAll(_ path: String) async throws -> [[String: Any]] {
        var items: [[String: Any]] = []
        var cursor: String?
        repeat {
            let separator = path.contains("?") ? "&" : "?"
            let answer = try await get(cursor.map { path + separator + "cursor=" + $0 } ?? path)
            items += answer.items
            cursor = answer.json["next_cursor"] as? String
        } while cursor != nil
        return items
    }

    /// Fetches a URL the API returned, through the same server's `/data/` route.
    func fetch(_ url: String) async throws -> Answer {
        try await get("/data/" + url.dropFirst(APIHarness.base.count))
    }
}
