import ArgumentParser
import Hummingbird
import Logging
import TesseraAPI
import TesseraCrawler
import TesseraStore

struct Serve: AsyncParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Serve the catalog's JSON API.")

    @OptionGroup var database: DatabaseOptions
    @OptionGroup var server: ServerOptions

    func run() async throws {
        let logger = Logs.bootstrap()
        let location = try DatabaseLocation(database.resolvedURL)
        try await CatalogDatabase.with(location, logger: logger) { db in
            try await Migrator(database: db).verify(command: database.migrateCommand)
            try await server.serve(store: SQLCatalog(database: db), options: APIOptions(fetcher: PublishedObjectFetcher()), logger: logger)
        }
    }
}

struct ServerOptions: ParsableArguments {
    @Option(help: "Address to listen on.")
    var host = "127.0.0.1"

    @Option(help: "Port to listen on.")
    var port = 8080

    /// Runs the API until SIGINT or SIGTERM, then shuts down gracefully.
    func serve(store: SQLCatalog, options: APIOptions, logger: Logger) async throws {
        let app = Application(
            router: buildRouter(store: store, options: options),
            configuration: .init(address: .hostname(host, port: port), serverName: "tessera"),
            logger: logger)
        try await app.runService()
    }
}
