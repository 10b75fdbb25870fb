import Testing
import TesseraStore

@Suite struct DatabaseLocationTests {
    @Test func readsSQLiteAndPostgresURLs() throws {
        #expect(try DatabaseLocation("sqlite:tessera.sqlite") == .sqlite(path: "tessera.sqlite"))
        #expect(try DatabaseLocation("sqlite:///var/lib/tessera.sqlite") == .sqlite(path: "/var/lib/tessera.sqlite"))
        guard case .postgres(let settings) = try DatabaseLocation("postgres://cat:s%40cret@db.example:6543/catalog?sslmode=require") else {
            Issue.record("expected a PostgreSQL location")
            return
        }
        #expect(settings.host == "db.example" && settings.port == 6543 && settings.user == "cat")
        #expect(settings.password == "s@cret" && settings.database == "catalog" && settings.sslMode == "require")
    }

    @Test func neverShowsThePassword() throws {
        let location = try DatabaseLocation("postgresql://cat:hunter2@localhost/catalog")
        #expect(!location.description.contains("hunter2"))
        let error = #expect(throws: DatabaseURLError.self) { try DatabaseLocation("postgres://cat:hunter2@localhost/c?sslmode=bogus") }
        #expect(error?.description.contains("hunter2") == false)
    }

    @Test(arguments: ["mysql://x", "sqlite:", "postgres:///nohost", "tessera.sqlite"])
    func refusesWhatItCannotOpen(url: String) {
        #expect(throws: DatabaseURLError.self) { try DatabaseLocation(url) }
    }
}
