import Foundation
import Testing
import TesseraTesting
@testable import TesseraStore

@Suite struct MigrationTests {
    @Test func theEmbeddedMigrationsAreTheFilesOnDisk() throws {
        for dialect in [SQLDialect.sqlite, .postgres] {
            let folder = Fixtures.repositoryRoot.appendingPathComponent("Migrations/\(dialect.rawValue)")
            let files = try FileManager.default.contentsOfDirectory(atPath: folder.path).filter { $0.hasSuffix(".sql") }.sorted()
            let embedded = Migration.embedded[dialect] ?? []
            #expect(embedded.map { String(format: "%04d_%@.sql", $0.version, $0.name) } == files,
                    "run scripts/embed-migrations after changing Migrations/")
            for (migration, file) in zip(embedded, files) {
                let text = try String(contentsOf: folder.appendingPathComponent(file), encoding: .utf8)
                #expect(migration.sql == text.trimmingCharacters(in: .newlines), "run scripts/embed-migrations: \(file) changed")
            }
        }
        // Both backends share version numbers.
        #expect(Migration.embedded[.sqlite]?.map(\.version) == Migration.embedded[.postgres]?.map(\.version))
    }

    @Test(arguments: TestBackend.available)
    func migrationsApplyOnceAndAreVerified(backend: TestBackend) async throws {
        try await backend.withEmptyDatabase { database in
            let migrator = Migrator(database: database)
            // Given an empty database, serving is refused with the command to run
            let refusal = await #expect(throws: SchemaError.self) { try await migrator.verify(command: "tessera migrate") }
            #expect(refusal?.description.contains("run `tessera migrate` first") == true)
            // When migrated twice
            let first = try await migrator.migrate()
            let second = try await migrator.migrate()
            // Then everything was applied once and the schema verifies
            #expect(first.map(\.version) == [1, 2, 3, 4])
            #expect(second.isEmpty)
            try await migrator.verify(command: "tessera migrate")
        }
    }

    @Test(arguments: TestBackend.available)
    func anAppliedMigrationThatChangedIsRefused(backend: TestBackend) async throws {
        try await backend.withFreshDatabase { database in
            try await database.write(["UPDATE schema_migrations SET checksum = 'edited' WHERE version = 1"])
            await #expect(throws: SchemaError.self) { try await Migrator(database: database).verify(command: "tessera migrate") }
        }
    }

    @Test(arguments: TestBackend.available)
    func aFailingMigrationLeavesNoTrace(backend: TestBackend) async throws {
        try await backend.withEmptyDatabase { database in
            // A transaction whose last statement fails takes its earlier statements with it.
            await #expect(throws: (any Error).self) {
                try await database.write(["CREATE TABLE half (x TEXT)", "INSERT INTO nowhere VALUES (1)"])
            }
            let exists = try await database.read([database.dialect.tableExists("half")])[0].first?.int(0)
            #expect(exists == 0)
        }
    }
}

@Suite struct PostgresAvailabilityTests {
    /// scripts/test sets TESSERA_REQUIRE_POSTGRES so that a missing cluster fails the run instead of skipping half of it.
    @Test func postgresIsConfiguredWhenRequired() {
        let environment = ProcessInfo.processInfo.environment
        if environment["TESSERA_REQUIRE_POSTGRES"] == "1" {
            #expect(environment[TestBackend.postgresURLVariable] != nil, "scripts/test did not export the cluster's URL")
            #expect(TestBackend.available.contains(.postgres))
        } else {
            #expect(TestBackend.available.first == .sqlite)
        }
    }
}

@Suite struct SQLiteModeTests {
    @Test func theEmbeddedCatalogUsesWriteAheadLogging() async throws {
        try await TestBackend.sqlite.withFreshDatabase { database in
            // WAL lets the API keep reading while a crawl commits.
            let mode = try await database.read(["PRAGMA journal_mode"])[0].first?.text(0)
            #expect(mode == "wal")
        }
    }
}
