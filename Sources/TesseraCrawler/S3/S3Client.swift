import Foundation
import NIOHTTP1

/// The three S3 calls a crawl needs — ListObjectsV2, GetObject, HeadObject — signed with SigV4, or anonymous.
public struct S3Client: Sendable {
    public let endpoint: S3Endpoint
    /// `nil` sends anonymous requests (`--no-sign-request`), as public buckets allow.
    public let credentials: AWSCredentials?
    let http: CrawlHTTP

    public init(endpoint: S3Endpoint, credentials: AWSCredentials?, http: CrawlHTTP) {
        self.endpoint = endpoint
        self.credentials = credentials
        self.http = http
    }

    /// One page of keys under `prefix`; with a delimiter, the next level's prefixes instead of deeper keys.
    func list(bucket: String, prefix: String, delimiter: String?, continuation: String?) async throws -> ListObjectsPage {
        var query = [("list-type", "2"), ("encoding-type", "url"), ("prefix", prefix)]
        if let delimiter { query.append(("delimiter", delimiter)) }
        if let continuation { query.append(("continuation-token", continuation)) }
        let answer = try await send(.GET, bucket: bucket, key: "", query: query)
        guard answer.status == 200 else { throw failure(answer, request: "list s3://\(bucket)/\(prefix)") }
        return try S3XML.listPage(answer.body)
    }

    /// The object's body and identity, or `nil` when there is no such key.
    func get(bucket: String, key: String) async throws -> (body: Data, etag: String?, lastModified: String?)? {
        let answer = try await send(.GET, bucket: bucket, key: key)
        switch answer.status {
        case 200: return (answer.body, answer.headers.first(name: "etag"), answer.headers.first(name: "last-modified"))
        case 404: return nil
        default: throw failure(answer, request: "GET s3://\(bucket)/\(key)")
        }
    }

    func exists(bucket: String, key: String) async throws -> Bool {
        let answer = try await send(.HEAD, bucket: bucket, key: key)
        switch answer.status {
        case 200: return true
        case 404: return false
        default: throw failure(answer, request: "HEAD s3://\(bucket)/\(key)")
        }
    }

    private func send(_ method: HTTPMethod, bucket: String, key: String, query: [(String, String)] = []) async throws -> HTTPAnswer {
        let endpoint = endpoint, credentials = credentials
        return try await http.send("\(method) s3://\(bucket)/\(key)") {
            var request = CrawlRequest(method, url: endpoint.url(bucket: bucket, key: key, query: query))
            let (host, path) = endpoint.address(bucket: bucket, key: key)
            request.headers.add(name: "Host", value: host)
            if let credentials {
                let signer = SigV4Signer(credentials: credentials, region: endpoint.region)
                for (name, value) in signer.sign(method: method.rawValue, path: path, query: query, headers: ["host": host], date: Date()) {
                    request.headers.add(name: name, value: value)
                }
            }
            return request
        }
    }

    private func failure(_ answer: HTTPAnswer, request: String) -> S3Error {
        let error = S3XML.error(answer.body)
        return .status(request: request, status: answer.status, code: error?.code, message: error?.message)
    }
}
