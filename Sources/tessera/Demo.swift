import ArgumentParser
import Foundation
import TesseraAPI
import TesseraCore
import TesseraCrawler
import TesseraStore

struct Demo: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Crawl the bundled example studies into a fresh SQLite catalog and serve it.",
        discussion: "The example objects are served read-only under /data/, so every URL the API returns can be fetched.")

    @Option(help: "The folder of example studies.")
    var examples = "Examples"

    @Option(help: "The SQLite file to (re)create for the demo.")
    var sqlite = FileManager.default.temporaryDirectory.appendingPathComponent("tessera-demo.sqlite").path

    @OptionGroup var server: ServerOptions

    func run() async throws {
        let logger = Logs.bootstrap()
        guard FileManager.default.fileExists(atPath: examples) else {
            throw ValidationError("no \(examples) folder here; run the demo from the repository root or pass --examples DIR")
        }
        for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: sqlite + suffix) }
        let base = "http://\(server.host):\(server.port)"
        try await CatalogDatabase.with(.sqlite(path: sqlite), logger: logger) { db in
            try await Migrator(database: db).migrate()
            let store = SQLCatalog(database: TimeLimitedDatabase(db, limit: .seconds(server.queryTimeout)))
            let source = try LocalFolderSource(path: examples, publicBaseURL: base + "/data/")
            let outcome = try await Crawler(store: store, logger: logger).crawl(source, label: examples)
            var summary = CrawlSummary()
            summary.add(outcome)
            print(summary.line)
            try await printExamples(store: store, base: base)
            // The examples are published under /data/ and read from disk when shard indexes are needed.
            let fetcher = PublishedObjectFetcher(mirrors: [base + "/data/": examples])
            try await server.serve(store: store, options: APIOptions(dataDirectory: examples, fetcher: fetcher), logger: logger)
        }
    }

    private func printExamples(store: SQLCatalog, base: String) async throws {
        var search = SearchRequest(query: .filters([(.gene, "ARHGAP5"), (.phenotype, "CMPO_0000118")]))
        search.page.limit = 1
        let hit = try await store.search(search).items.first.flatMap { if case .image(let image) = $0 { image } else { nil } }
        print("""

            Tessera demo: catalog \(sqlite), API on \(base). Try:
              curl '\(base)/v1/studies'
              curl '\(base)/v1/images?gene=ARHGAP5&phenotype=CMPO_0000118'
              curl '\(base)/v1/images?compound=ONC201'
              curl '\(base)/v1/images?organism=Mus%20musculus'
            """)
        if let hit {
            print("""
                  curl '\(base)/v1/images/\(hit.id)'
                  curl '\(base)/v1/images/\(hit.id)/chunks?level=0&c=0:1&y=0:64&x=0:32'
                """)
        }
        print("Press Ctrl-C to stop.\n")
        // Standard output is block-buffered when piped; show the examples before the server blocks.
        fflush(nil)
    }
}
