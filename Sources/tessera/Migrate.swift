import ArgumentParser
import TesseraStore

struct Migrate: AsyncParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Apply pending catalog schema migrations.")

    @OptionGroup var database: DatabaseOptions

    func run() async throws {
        let logger = Logs.bootstrap()
        let location = try DatabaseLocation(database.resolvedURL)
        let applied = try await CatalogDatabase.with(location, logger: logger) { db in
            try await Migrator(database: db).migrate()
        }
        if applied.isEmpty {
            print("\(location): schema is up to date")
        } else {
            print("\(location): applied \(applied.map { "\($0.version) (\($0.name))" }.joined(separator: ", "))")
        }
    }
}
