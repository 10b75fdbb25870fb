import Foundation
import Testing
import TesseraTesting

/// The same crawl into SQLite and PostgreSQL answers every request byte for byte the same.
@Suite struct BackendParityTests {
    static let paths = [
        "/v1/studies", "/v1/studies/idr0028", "/v1/studies/idr0038", "/v1/studies/idr0094",
        "/v1/images?gene=ARHGAP5&phenotype=CMPO_0000118", "/v1/images?limit=7", "/v1/images?compound=JKOCAAWWDVHWKB-UHFFFAOYSA-N",
        "/v1/images?organism=Homo%20sapiens&limit=1000", "/v1/images?study=idr0038",
    ]

    func answers(_ backend: TestBackend) async throws -> [String: Data] {
        try await APIHarness.withAPI(backend) { client in
            var bodies: [String: Data] = [:]
            for path in Self.paths { bodies[path] = try await client.get(path).body }
            let ids = try await client.getAll("/v1/images?limit=10").compactMap { $0["id"] as? String }
            for id in ids {
                bodies["/v1/images/\(id)"] = try await client.get("/v1/images/\(id)").body
                bodies["/v1/images/\(id)/chunks"] = try await client.get("/v1/images/\(id)/chunks?level=1").body
            }
            return bodies
        }
    }

    @Test(.enabled(if: TestBackend.available.contains(.postgres), "needs the PostgreSQL cluster scripts/test starts"))
    func sqliteAndPostgresAnswerIdentically() async throws {
        let sqlite = try await answers(.sqlite)
        let postgres = try await answers(.postgres)
        #expect(sqlite.count == Self.paths.count + 2 * 34)
        #expect(Set(sqlite.keys) == Set(postgres.keys))
        for (path, body) in sqlite.sorted(by: { $0.key < $1.key }) {
            #expect(postgres[path] == body, "\(path) differs between SQLite and PostgreSQL")
        }
    }
}
