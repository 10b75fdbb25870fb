import Foundation
import Hummingbird
import Testing
import TesseraAPI
import TesseraStore
import TesseraTesting

@Suite struct FailureAPITests {
    @Test(arguments: TestBackend.available)
    func aFailingDatabaseIsA503ProblemWithoutItsInternals(backend: TestBackend) async throws {
        try await backend.withFreshDatabase { database in
            let router = buildRouter(store: SQLCatalog(database: database))
            // Given a catalog whose term index has gone away underneath the server
            try await database.write(["DROP TABLE image_terms"])
            try await LiveServer.run(router) { client in
                let answer = try await client.get("/v1/images?gene=ARHGAP5")
                #expect(answer.status == 503)
                #expect(answer.contentType == "application/problem+json")
                let body = String(decoding: answer.body, as: UTF8.self)
                #expect(!body.contains("image_terms") && !body.lowercased().contains("select"))
                // The rest of the API still answers.
                #expect(try await client.get("/v1/studies").status == 200)
                #expect(try await client.get("/readyz").status == 200)
            }
        }
    }

    @Test(arguments: TestBackend.available)
    func readinessFollowsTheCatalogWhileLivenessDoesNot(backend: TestBackend) async throws {
        try await backend.withFreshDatabase { database in
            let router = buildRouter(store: SQLCatalog(database: database))
            try await LiveServer.run(router) { client in
                let ready = try await client.get("/readyz")
                #expect(ready.status == 200 && ready.json["status"] as? String == "ready")
                try await database.write(["ALTER TABLE studies RENAME TO studies_gone"])
                let unready = try await client.get("/readyz")
                #expect(unready.status == 503 && unready.contentType == "application/problem+json")
                #expect(try await client.get("/healthz").status == 200)
            }
        }
    }
}

@Suite struct TimeoutAPITests {
    /// A catalog whose version takes seconds to read: every read of the API meets it first.
    static let slowVersion: SQL = """
        CREATE VIEW catalog_version AS WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c WHERE x < 200000000)
        SELECT 1 AS id, COUNT(*) AS version FROM c
        """

    @Test(arguments: TestBackend.available)
    func aReadOverTheTimeLimitIsA503ThatSaysSo(backend: TestBackend) async throws {
        try await backend.withFreshDatabase { database in
            try await database.write(["DROP TABLE catalog_version", Self.slowVersion])
            let router = buildRouter(store: SQLCatalog(database: TimeLimitedDatabase(database, limit: .milliseconds(300))))
            try await LiveServer.run(router) { (client: APIClient) async throws in
                let answer = try await client.get("/v1/studies")
                #expect(answer.status == 503 && answer.contentType == "application/problem+json")
                #expect((answer.json["detail"] as? String)?.contains("took longer than") == true)
                // What does not read the catalog still answers.
                #expect(try await client.get("/healthz").status == 200)
            }
        }
    }
}
