import CompressNIO
import Foundation
import HTTPTypes
import NIOCore
import Testing
@testable import TesseraAPI
import TesseraCore
import TesseraCrawler
import TesseraStore
import TesseraTesting

/// ETags and 304s, gzip, Prometheus metrics and the per-client rate limit, over HTTP.
@Suite struct CachingAndLimitsTests {
    @Test(arguments: TestBackend.available)
    func readsRevalidateWithETagsThatFollowTheCatalog(backend: TestBackend) async throws {
        try await APIHarness.withCatalog(backend) { _, catalog, bucket in
            try await LiveServer.run(buildRouter(store: catalog, options: APIHarness.options())) { (client: APIClient) async throws in
                let first = try await client.execute(uri: "/v1/images?gene=ARHGAP5", method: .get)
                let tag = try #require(first.headers[.eTag])
                #expect(tag.hasPrefix("W/\"") && first.headers[.cacheControl] == "public, max-age=60")
                // The client's copy is current: 304, no body.
                let again = try await client.execute(uri: "/v1/images?gene=ARHGAP5", method: .get, headers: [.ifNoneMatch: tag])
                #expect(again.status == .notModified && again.body.readableBytes == 0 && again.headers[.eTag] == tag)
                // Another question, or another representation, is another tag.
                let other = try await client.execute(uri: "/v1/images?gene=DOCK6", method: .get, headers: [.ifNoneMatch: tag])
                #expect(other.status == .ok && other.headers[.eTag] != tag)
                let csv = try await client.execute(uri: "/v1/images?gene=ARHGAP5", method: .get, headers: [.ifNoneMatch: tag, .accept: "text/csv"])
                #expect(csv.status == .ok)
                // A crawl that commits changes every tag: the cached answer is sent again.
                var full = Crawler.Options()
                full.full = true
                _ = try await Crawler(store: catalog, logger: Fixtures.logger, options: full).crawl(bucket, label: "bucket")
                let changed = try await client.execute(uri: "/v1/images?gene=ARHGAP5", method: .get, headers: [.ifNoneMatch: tag])
                #expect(changed.status == .ok && changed.headers[.eTag] != tag)
                // Crawl runs change while running: clients always revalidate them.
                #expect(try await client.execute(uri: "/v1/crawls", method: .get).headers[.cacheControl] == "no-cache")
            }
        }
    }

    @Test(arguments: TestBackend.available)
    func repeatedQuestionsAreAnsweredFromTheCacheUntilTheCatalogChanges(backend: TestBackend) async throws {
        try await APIHarness.withCatalog(backend) { database, catalog, _ in
            try await LiveServer.run(buildRouter(store: catalog, options: APIHarness.options())) { (client: APIClient) async throws in
                let search = #"{"query": {"gene": "ARHGAP5"}, "level": "well"}"#
                let listed = try await client.get("/v1/images?gene=ARHGAP5")
                let found = try await client.post("/v1/search", search)
                #expect(listed.items.count == 8 && found.items.count == 4)
                // Rows changed behind the catalog's back (no version change) do not show: the answers are kept...
                try await database.write(["DELETE FROM image_terms"])
                #expect(try await client.get("/v1/images?gene=ARHGAP5").body == listed.body)
                #expect(try await client.post("/v1/search", search).body == found.body)
                // ...but another question is answered afresh, and a new version makes every kept answer stale.
                #expect(try await client.post("/v1/search", #"{"query": {"gene": "ARHGAP5"}, "level": "plate"}"#).items.isEmpty)
                try await database.write(["UPDATE catalog_version SET version = version + 1 WHERE id = 1"])
                #expect(try await client.get("/v1/images?gene=ARHGAP5").items.isEmpty)
                #expect(try await client.post("/v1/search", search).items.isEmpty)
            }
        }
    }

    @Test func answersAreGzippedForClientsThatAcceptIt() async throws {
        try await APIHarness.withAPI(.sqlite) { (client: APIClient) async throws in
            let plain = try await client.execute(uri: "/v1/images?limit=50", method: .get)
            let zipped = try await client.execute(uri: "/v1/images?limit=50", method: .get, headers: [.acceptEncoding: "br;q=1, gzip;q=0.8"])
            #expect(plain.headers[.contentEncoding] == nil)
            #expect(zipped.headers[.contentEncoding] == "gzip" && zipped.headers[.vary]?.contains("Accept-Encoding") == true)
            #expect(zipped.body.readableBytes < plain.body.readableBytes / 3)
            var compressed = zipped.body
            #expect(try compressed.decompress(with: .gzip()) == plain.body)
            // Streamed exports compress as they stream; objects are served as stored.
            let csv = try await client.execute(uri: "/v1/images?format=csv", method: .get)
            var zippedCSV = try await client.execute(uri: "/v1/images?format=csv", method: .get, headers: [.acceptEncoding: "gzip"]).body
            #expect(try zippedCSV.decompress(with: .gzip()) == csv.body)
            let object = try await client.execute(uri: "/data/idr0028-pascualvargas-rhogtpases/idr0028-study.txt", method: .get,
                                                  headers: [.acceptEncoding: "gzip"])
            #expect(object.status == .ok && object.headers[.contentEncoding] == nil)
            #expect(try await client.execute(uri: "/v1/images", method: .get, headers: [.acceptEncoding: "gzip;q=0"]).headers[.contentEncoding] == nil)
        }
    }

    @Test func metricsCountRequestsAndCrawlsInThePrometheusFormat() async throws {
        try await APIHarness.withAPI(.sqlite) { (client: APIClient) async throws in
            for _ in 0..<3 { _ = try await client.get("/v1/studies") }
            let answer = try await client.get("/metrics")
            #expect(answer.status == 200 && answer.contentType?.hasPrefix("text/plain; version=0.0.4") == true)
            let text = String(decoding: answer.body, as: UTF8.self)
            // A latency histogram per route, with its buckets, sum and count.
            let buckets = text.split(separator: "\n").filter { $0.hasPrefix("http_server_request_duration_bucket") && $0.contains("/v1/studies") }
            #expect(!buckets.isEmpty, "\(text.prefix(2000))")
            #expect(text.contains("http_server_request_duration_count") && text.contains("http_server_request_duration_sum"))
            // The catalog's crawl: one run, succeeded, with the objects it read.
            #expect(text.contains("tessera_crawl_runs_total{status=\"succeeded\"} 1"))
            let read = text.split(separator: "\n").first { $0.hasPrefix("tessera_crawl_objects_read_total{status=\"succeeded\"}") }
            #expect(read.flatMap { Int($0.split(separator: " ").last ?? "") }.map { $0 > 50 } == true)
        }
    }

    @Test func aClientOverItsRateLimitIsToldWhenToComeBack() async throws {
        var options = APIHarness.options()
        // One token back per 100 s: however slow the machine, the burst is spent before any returns.
        options.rateLimit = RateLimit(perSecond: 0.01, burst: 3)
        try await APIHarness.withAPI(.sqlite, options: options) { (client: APIClient) async throws in
            var statuses: [Int] = []
            for _ in 0..<5 { statuses.append(try await client.get("/v1/studies").status) }
            #expect(statuses.prefix(3).allSatisfy { $0 == 200 } && statuses.last == 429)
            let refused = try await client.execute(uri: "/v1/studies", method: .get)
            #expect(refused.status == .tooManyRequests && refused.headers[.contentType] == "application/problem+json")
            #expect(refused.headers[.retryAfter].flatMap(Int.init).map { (1...100).contains($0) } == true)
            // Probes are not rate-limited.
            #expect(try await client.get("/healthz").status == 200)
        }
    }

    @Test func bucketsRefillAtTheirRateAndForgetQuietClients() {
        let buckets = ClientBuckets(limit: RateLimit(perSecond: 2, burst: 2))
        #expect(buckets.take("a", now: 0) == nil && buckets.take("a", now: 0) == nil)
        #expect(buckets.take("a", now: 0) == 0.5)
        #expect(buckets.take("b", now: 0) == nil)
        #expect(buckets.take("a", now: 0.5) == nil)
    }
}
