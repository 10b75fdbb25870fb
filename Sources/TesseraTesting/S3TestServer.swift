import AsyncHTTPClient
import Foundation
import NIOCore
import NIOFoundationCompat
import TesseraCrawler

/// The S3-compatible server scripts/test starts (SeaweedFS), or any other named by the same variables
/// (MinIO, AWS): its endpoint, credentials and fixture buckets.
public struct S3TestServer: Sendable {
    public let endpoint: String
    public let credentials: AWSCredentials
    public let region: String
    /// Holds `Examples/` as uploaded at start; private.
    public let privateBucket: String
    /// Anonymous read: `examples/`, `layouts/`, `odd/`.
    public let publicBucket: String

    /// The server from the environment; `nil` when none is configured.
    public static let configured: S3TestServer? = {
        let environment = ProcessInfo.processInfo.environment
        guard let endpoint = environment["TESSERA_TEST_S3_ENDPOINT"], let key = environment["TESSERA_TEST_S3_ACCESS_KEY_ID"],
              let secret = environment["TESSERA_TEST_S3_SECRET_ACCESS_KEY"] else { return nil }
        return S3TestServer(endpoint: endpoint, credentials: AWSCredentials(accessKeyID: key, secretAccessKey: secret),
                            region: environment["TESSERA_TEST_S3_REGION"] ?? "us-east-1",
                            privateBucket: environment["TESSERA_TEST_S3_BUCKET"] ?? "tessera-examples",
                            publicBucket: environment["TESSERA_TEST_S3_PUBLIC_BUCKET"] ?? "tessera-public")
    }()

    /// Whether S3 tests run: scripts/test requires them (`TESSERA_REQUIRE_S3=1`), so a missing server fails there.
    public static var enabled: Bool {
        configured != nil || ProcessInfo.processInfo.environment["TESSERA_REQUIRE_S3"] == "1"
    }

    public static func required() throws -> S3TestServer {
        guard let configured else {
            throw S3TestServerError("S3 tests need TESSERA_TEST_S3_ENDPOINT and credentials; run them through scripts/test")
        }
        return configured
    }

    public func environment(signed: Bool = true) -> [String: String] {
        signed ? ["AWS_ACCESS_KEY_ID": credentials.accessKeyID, "AWS_SECRET_ACCESS_KEY": credentials.secretAccessKey] : [:]
    }

    /// A new bucket of its own for a test that changes objects, filled with the files of `folder`.
    public func bucket(copying folder: String) async throws -> String {
        let bucket = "t-" + UUID().uuidString.prefix(12).lowercased()
        try await send("PUT", bucket: bucket, key: "", body: Data(), expect: [200])
        try await upload(folder, to: bucket, prefix: "")
        return bucket
    }

    /// Uploads the files of `folder` under `prefix` (empty, or ending in `/`).
    public func upload(_ folder: String, to bucket: String, prefix: String) async throws {
        let root = URL(fileURLWithPath: folder).standardizedFileURL
        let files = FileManager.default.enumerator(at: root, includingPropertiesForKeys: [.isRegularFileKey])?
            .compactMap { $0 as? URL }.filter { (try? $0.resourceValues(forKeys: [.isRegularFileKey]).isRegularFile) == true } ?? []
        try await withThrowingTaskGroup(of: Void.self) { group in
            for (index, file) in files.enumerated() {
                if index >= 16 { try await group.next() }
                let key = prefix + String(file.standardizedFileURL.path.dropFirst(root.path.count + 1))
                group.addTask { try await put(bucket: bucket, key: key, body: try Data(contentsOf: file)) }
            }
            try await group.waitForAll()
        }
    }

    public func put(bucket: String, key: String, body: Data) async throws {
        try await send("PUT", bucket: bucket, key: key, body: body, expect: [200])
    }

    public func delete(bucket: String, key: String) async throws {
        try await send("DELETE", bucket: bucket, key: key, body: Data(), expect: [200, 204])
    }

    /// Keys of `bucket` below `prefix`, for tests that delete whole folders.
    public func keys(bucket: String, prefix: String) async throws -> [String] {
        let http = try CrawlHTTP(concurrency: 4, logger: Fixtures.logger)
        do {
            let client = S3Client(endpoint: try S3Endpoint(url: endpoint, region: region), credentials: credentials, http: http)
            let source = S3ObjectSource(client: client, location: try S3Location("s3://\(bucket)/\(prefix)"))
            let keys = try await source.inventory(prefix: "", wanted: { _ in true })?.map { prefix + $0.key } ?? []
            try await http.shutdown()
            return keys
        } catch {
            try? await http.shutdown()
            throw error
        }
    }

    private func send(_ method: String, bucket: String, key: String, body: Data, expect: Set<UInt>) async throws {
        let endpoint = try S3Endpoint(url: endpoint, region: region)
        let (host, path) = endpoint.address(bucket: bucket, key: key)
        let headers = SigV4Signer(credentials: credentials, region: endpoint.region)
            .sign(method: method, path: path, query: [], headers: ["host": host], payloadHash: SigV4Signer.hex(of: body), date: Date())
        var request = HTTPClientRequest(url: endpoint.url(bucket: bucket, key: key))
        request.method = .init(rawValue: method)
        request.headers.add(name: "Host", value: host)
        for (name, value) in headers { request.headers.add(name: name, value: value) }
        request.body = .bytes(ByteBuffer(data: body))
        let response = try await HTTPClient.shared.execute(request, timeout: .seconds(30))
        let answer = try await response.body.collect(upTo: 1 << 20)
        guard expect.contains(response.status.code) else {
            throw S3TestServerError("\(method) \(path) answered \(response.status.code): \(String(buffer: answer))")
        }
    }
}

public struct S3TestServerError: Error, CustomStringConvertible {
    public let description: String

    init(_ description: String) {
        self.description = description
    }
}
