import NIOFoundationCompat
import Foundation
import Testing
import TesseraAPI
import TesseraCore
import TesseraCrawler
import TesseraTesting

@Suite struct ShardedChunkAPITests {
    static let labelShard = "idr0094-ellinger-sarscov2/screenA/ESP0025769.ome.zarr/E/2/0/labels/cells/s0/c/0/0/0"

    /// The id of the label image of idr0094's well E2, whose one shard holds an empty inner chunk.
    static func labelID(_ client: APIClient) async throws -> String {
        let field = try #require(try await client.get("/v1/images?compound=TC-G-1005").items.first)
        let image = try await client.get("/v1/images/\(field["id"] as? String ?? "")").json
        return try #require((image["labels"] as? [[String: Any]])?.first?["id"] as? String)
    }

    @Test(arguments: TestBackend.available)
    func innerChunksComeWithTheirByteRangeInTheShard(backend: TestBackend) async throws {
        let shard = try Data(contentsOf: URL(fileURLWithPath: Fixtures.examples + "/" + Self.labelShard))
        try await APIHarness.withAPI(backend) { client in
            let label = try await Self.labelID(client)
            let body = try await client.get("/v1/images/\(label)/chunks?level=0").json
            #expect(body["sharded"] as? Bool == true && body["unit"] as? String == "chunk")
            let chunks = try #require(body["chunks"] as? [[String: Any]])
            #expect(chunks.map { $0["indices"] as? [Int] } == [[0, 0, 0], [0, 0, 1], [0, 1, 0], [0, 1, 1]])
            #expect(chunks.allSatisfy { $0["key"] as? String == "c/0/0/0" })
            // The all-background inner chunk was never written: it reads as fill value.
            #expect(chunks.map { $0["fill"] as? Bool } == [false, true, false, false])
            #expect(chunks[1]["byte_range"] == nil)
            for chunk in chunks where chunk["fill"] as? Bool == false {
                let range = try #require(chunk["byte_range"] as? [Int])
                let url = try #require(chunk["url"] as? String)
                let answer = try await client.execute(uri: "/data/" + url.dropFirst(APIHarness.base.count), method: .get,
                                                      headers: [.range: "bytes=\(range[0])-\(range[1])"]) .body
            }
        }
    }

    @Test func anAbsentShardIsFillWithoutAnError() async throws {
        try await APIHarness.withAPI(.sqlite, bucket: Fixtures.arrays) { client in
            let image = try #require(try await client.get("/v1/images?study=arrays").items.first { $0["name"] as? String == "v05-sharded" })
            // Shard (0, 1, 1) of channel 0 is all fill value, so zarr-python never wrote it.
            let body = try await client.get("/v1/images/\(image["id"] as? String ?? "")/chunks?c=0&y=32:64&x=32:64").json
            let chunks = try #require(body["chunks"] as? [[String: Any]])
            #expect(chunks.count == 4)
            #expect(chunks.allSatisfy { $0["fill"] as? Bool == true && $0["byte_range"] == nil && $0["key"] as? String == "c/0/1/1" })
        }
    }

    @Test func aWarmCacheAnswersWithoutFetchingAgain() async throws {
        let cache = ShardIndexCache()
        try await APIHarness.withAPI(.sqlite, options: APIHarness.options(shardIndexes: cache)) { client in
            let label = try await Self.labelID(client)
            _ = try await client.get("/v1/images/\(label)/chunks?level=0")
            let warm = await cache.usage
            #expect(warm.count == 1)
            _ = try await client.get("/v1/images/\(label)/chunks?level=0&y=0:10")
            #expect(await cache.usage.count == warm.count)
        }
    }

    @Test func withoutAFetcherShardsAreListedWhole() async throws {
        let options = APIOptions(dataDirectory: Fixtures.examples)
        try await APIHarness.withAPI(.sqlite, options: options) { client in
            let label = try await Self.labelID(client)
            let body = try await client.get("/v1/images/\(label)/chunks?level=0").json
            #expect(body["unit"] as? String == "shard")
            #expect((body["chunks"] as? [[String: Any]])?.map { $0["key"] as? String } == ["c/0/0/0"])
        }
    }

    @Test func aCorruptShardIndexIsABadGatewayProblem() async throws {
        let bucket = try Fixtures.copyOfExamples()
        defer { try? FileManager.default.removeItem(at: bucket.deletingLastPathComponent()) }
        let shard = bucket.appendingPathComponent(Self.labelShard)
        var bytes = try Data(contentsOf: shard)
        bytes[bytes.count - 10] ^= 0xFF
        try bytes.write(to: shard)
        try await APIHarness.withAPI(.sqlite, bucket: bucket.path) { client in
            let label = try await Self.labelID(client)
            let answer = try await client.get("/v1/images/\(label)/chunks?level=0")
            #expect(answer.status == 502 && answer.contentType == "application/problem+json")
            #expect((answer.json["detail"] as? String)?.contains("CRC32C") == true)
        }
    }
}

@Suite struct ShardIndexCacheTests {
    @Test func theCacheStaysWithinItsBudget() async throws {
        // Given the 17 written shards of the v05-sharded fixture, read through file URLs, and a budget of about three indexes
        let array = URL(fileURLWithPath: Fixtures.arrays + "/arrays/v05-sharded.ome.zarr/0")
        let document = try JSONValue.parse(Data(contentsOf: array.appendingPathComponent("zarr.json")))
        let layout = try #require(try ZarrArrayMetadata.decodeV3(document).shardIndexLayout)
        let cache = ShardIndexCache(budget: 3 * 200)
        let fetcher = PublishedObjectFetcher()
        var absent = 0
        for c in 0..<2 {
            for y in 0..<3 {
                for x in 0..<3 {
                    let url = array.appendingPathComponent("c/\(c)/\(y)/\(x)").absoluteString
                    if try await cache.index(of: url, layout: layout, fetcher: fetcher) == nil { absent += 1 }
                    let usage = await cache.usage
                    #expect(usage.bytes <= cache.budget)
                }
            }
        }
        // Then every index was read (one shard is absent: all fill), and only the most recent few are kept:
        // about three indexes, plus the absent shard's entry, which holds only its URL
        #expect(absent == 1)
        #expect(await cache.usage.count <= 4)
    }
}
