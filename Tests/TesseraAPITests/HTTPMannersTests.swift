import Foundation
import HTTPTypes
import Hummingbird
import Testing
import TesseraTesting

@Suite struct HTTPMannersTests {
    @Test func theOpenAPIDocumentIsServedAsCommitted() async throws {
        try await APIHarness.withAPI(.sqlite) { client in
            let answer = try await client.get("/openapi.json")
            #expect(answer.status == 200 && answer.contentType == "application/json")
            let served = try JSONSerialization.jsonObject(with: answer.body) as? NSDictionary
            let committed = try JSONSerialization.jsonObject(
                with: Data(contentsOf: Fixtures.repositoryRoot.appendingPathComponent("Schemas/openapi.json"))) as? NSDictionary
            #expect(served != nil && served == committed, "run scripts/embed-openapi after editing Schemas/openapi.json")
        }
    }

    @Test func answersCarryARequestIdAndServerTiming() async throws {
        try await APIHarness.withAPI(.sqlite) { client in
            let given = try await client.execute(uri: "/v1/studies", method: .get, headers: [HTTPField.Name("X-Request-Id")!: "abc-123"])
            #expect(given.headers[HTTPField.Name("X-Request-Id")!] == "abc-123")
            #expect(given.headers[HTTPField.Name("Server-Timing")!]?.hasPrefix("app;dur=") == true)
            // An id that could break a header or a log line is replaced by the server's own.
            let odd = try await client.execute(uri: "/v1/studies", method: .get, headers: [HTTPField.Name("X-Request-Id")!: "a b\"c"])
            let replaced = try #require(odd.headers[HTTPField.Name("X-Request-Id")!])
            #expect(replaced != "a b\"c" && !replaced.isEmpty)
            // Problems carry them too.
            let missing = try await client.execute(uri: "/v1/studies/idr9999", method: .get)
            #expect(missing.status == .notFound && missing.headers[HTTPField.Name("X-Request-Id")!]?.isEmpty == false)
            #expect(missing.headers[HTTPField.Name("Server-Timing")!] != nil)
        }
    }

    @Test func browsersMayQueryTheCatalogFromAnyOrigin() async throws {
        try await APIHarness.withAPI(.sqlite) { client in
            let simple = try await client.execute(uri: "/v1/studies", method: .get, headers: [.origin: "https://viewer.example.org"])
            #expect(simple.headers[.accessControlAllowOrigin] == "*")
            #expect(simple.headers[.accessControlExposeHeaders] == "X-Request-Id, Server-Timing, ETag, Retry-After")
            let preflight = try await client.execute(uri: "/v1/images", method: .options, headers: [
                .origin: "https://viewer.example.org", .accessControlRequestMethod: "GET",
            ])
            #expect(preflight.status == .noContent)
            #expect(preflight.headers[.accessControlAllowMethods]?.contains("GET") == true)
        }
    }
}
