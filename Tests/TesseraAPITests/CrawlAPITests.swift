import Foundation
import Testing
import TesseraTesting

@Suite struct CrawlAPITests {
    @Test(arguments: TestBackend.available)
    func crawlRunsAreListedWithTheirPerObjectErrors(backend: TestBackend) async throws {
        try await APIHarness.withAPI(backend, bucket: Fixtures.layouts) { client in
            let list = try await client.get("/v1/crawls")
            #expect(list.status == 200 && list.contentType == "application/json")
            let run = try #require(list.items.first)
            #expect(list.items.count == 1)
            #expect(run["id"] as? Int == 1 && run["source"] as? String == "bucket")
            #expect(run["status"] as? String == "completed_with_errors")
            #expect(run["errors"] as? Int == 1 && run["studies"] as? Int == 1)
            #expect(run["started_at"] is String && run["finished_at"] is String)
            #expect(run["studies_unchanged"] as? Int == 0 && run["studies_removed"] as? Int == 0)

            let detail = try await client.get("/v1/crawls/1").json
            #expect(detail["status"] as? String == "completed_with_errors")
            let errors = try #require(detail["error_details"] as? [[String: Any]])
            #expect(errors.count == 1)
            #expect((errors.first?["url"] as? String)?.hasSuffix("unsupported-06.ome.zarr/zarr.json") == true)
            #expect((errors.first?["message"] as? String)?.contains("0.6rc0") == true)

            let missing = try await client.get("/v1/crawls/42")
            #expect(missing.status == 404 && missing.contentType == "application/problem+json")
            #expect(try await client.get("/v1/crawls/latest").status == 404)
            #expect(try await client.get("/v1/crawls?limit=0").status == 400)
            // A cursor of another list is refused, not read as a position in this one.
            let imageCursor = try #require(try await client.get("/v1/images?limit=1").json["next_cursor"] as? String)
            #expect(try await client.get("/v1/crawls?cursor=\(imageCursor)").status == 400)
        }
    }
}
