import Foundation
import Testing
import TesseraTesting

@Suite struct LargeRegionTests {
    /// A bucket with one v0.4 image whose level 0 has 2,000 × 1,000 = 2,000,000 chunks (no chunk data is needed).
    static func bigImageBucket() throws -> URL {
        let bucket = try Fixtures.temporaryFolder("tessera-big").appendingPathComponent("bucket")
        let image = bucket.appendingPathComponent("big/huge.ome.zarr")
        try FileManager.default.createDirectory(at: image.appendingPathComponent("0"), withIntermediateDirectories: true)
        try Data(#"{"zarr_format": 2}"#.utf8).write(to: image.appendingPathComponent(".zgroup"))
        try Data(#"{"multiscales": [{"version": "0.4", "name": "huge", "axes": [{"name": "y", "type": "space"}, {"name": "x", "type": "space"}], "datasets": [{"path": "0", "coordinateTransformations": [{"type": "scale", "scale": [1, 1]}]}]}]}"#.utf8)
            .write(to: image.appendingPathComponent(".zattrs"))
        try Data(#"{"zarr_format": 2, "shape": [200000, 100000], "chunks": [100, 100], "dtype": "<u2", "compressor": null, "fill_value": 0, "order": "C", "filters": null, "dimension_separator": "/"}"#.utf8)
            .write(to: image.appendingPathComponent("0/.zarray"))
        return bucket
    }

    @Test func aLargeRegionIsStreamedInFull() async throws {
        let bucket = try Self.bigImageBucket()
        defer { try? FileManager.default.removeItem(at: bucket.deletingLastPathComponent()) }
        try await APIHarness.withAPI(.sqlite, bucket: bucket.path) { client in
            let id = try #require(try await client.get("/v1/images?study=big").items.first?["id"] as? String)
            // 20,000 chunks: rows 0–19 of the chunk grid, every column, streamed in batches
            let answer = try await client.get("/v1/images/\(id)/chunks?y=0:2000")
            #expect(answer.status == 200)
            let body = answer.json
            let chunks = try #require(body["chunks"] as? [[String: Any]])
            #expect(body["count"] as? Int == 20_000 && chunks.count == 20_000)
            #expect(chunks.first?["key"] as? String == "0/0" && chunks.last?["key"] as? String == "19/999")
            #expect(chunks.last?["selection"] as? [[Int]] == [[0, 100], [0, 100]])
            // The whole level is 2,000,000 chunks, past the limit of one answer: a problem that says how to narrow it.
            let whole = try await client.get("/v1/images/\(id)/chunks")
            #expect(whole.status == 400)
            #expect((whole.json["detail"] as? String)?.contains("narrow the ranges") == true)
        }
    }
}
