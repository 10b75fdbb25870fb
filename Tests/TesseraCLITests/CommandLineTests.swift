import Foundation
import Testing
import TesseraTesting
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// The `tessera` executable, run as an operator or a researcher would.
@Suite struct CommandLineTests {
    @Test func serveRefusesAnUnmigratedCatalogAndSaysWhatToRun() async throws {
        let folder = try Fixtures.temporaryFolder()
        let result = try await TesseraProcess.run(["serve", "--db", "sqlite:\(folder.path)/catalog.sqlite", "--port", String(try Ports.free())])
        #expect(result.status != 0)
        #expect(result.stderr.contains("tessera migrate"))
    }

    @Test func migrateThenCrawlReportsJSON() async throws {
        let folder = try Fixtures.temporaryFolder()
        // The database comes from TESSERA_DATABASE_URL when --db is not given.
        let environment = ["TESSERA_DATABASE_URL": "sqlite:\(folder.path)/catalog.sqlite"]
        let migrate = try await TesseraProcess.run(["migrate"], environment: environment)
        #expect(migrate.status == 0)
        #expect(migrate.stdout.contains("applied 1 (catalog)"))
        let crawl = try await TesseraProcess.run(["crawl", "--json", Fixtures.examples], environment: environment)
        #expect(crawl.status == 0, "\(crawl.stderr)")
        let summary = try #require(try JSONSerialization.jsonObject(with: Data(crawl.stdout.utf8)) as? [String: Any])
        #expect(summary["studies"] as? Int == 3)
        #expect(summary["images"] as? Int == 39)
        #expect(summary["arrays"] as? Int == 78)
        #expect(summary["errors"] as? Int == 0)
        #expect((summary["annotations"] as? Int ?? 0) > 0)
        #expect((summary["objects_read"] as? Int ?? 0) > 100)
        // Nothing changed: nothing is read again, unless asked.
        let again = try await TesseraProcess.run(["crawl", Fixtures.examples], environment: environment)
        #expect(again.status == 0)
        #expect(again.stdout.hasPrefix("crawled 0 studies: 0 images, 0 arrays, 0 annotations from 0 objects; 3 unchanged"))
        let full = try await TesseraProcess.run(["crawl", "--full", Fixtures.examples], environment: environment)
        #expect(full.status == 0)
        #expect(full.stdout.hasPrefix("crawled 3 studies: 39 images, 78 arrays"))
    }

    @Test func aProgressLineShowsStudiesObjectsAndErrors() async throws {
        let folder = try Fixtures.temporaryFolder()
        let db = "sqlite:\(folder.path)/catalog.sqlite"
        #expect(try await TesseraProcess.run(["migrate", "--db", db]).status == 0)
        let crawl = try await TesseraProcess.run(["crawl", "--db", db, "--progress", Fixtures.layouts])
        #expect(crawl.status == 3)
        // The last redraw holds the final counts; info logs are held back so they do not garble it.
        let last = try #require(crawl.stderr.components(separatedBy: "\r").last)
        #expect(last.contains("crawling: 1/1 studies") && last.contains("1 errors"), "\(crawl.stderr)")
        #expect(!crawl.stderr.contains("catalogued study"))
        let quiet = try await TesseraProcess.run(["crawl", "--db", db, "--no-progress", "--full", Fixtures.layouts])
        #expect(!quiet.stderr.contains("crawling:") && quiet.stderr.contains("catalogued study"))
    }

    @Test func curationFromElsewhereWithAFilesetsTable() async throws {
        let folder = try Fixtures.temporaryFolder()
        let db = "sqlite:\(folder.path)/catalog.sqlite"
        #expect(try await TesseraProcess.run(["migrate", "--db", db]).status == 0)
        let alone = try await TesseraProcess.run(["crawl", "--db", db, "--filesets", Fixtures.idr0011Filesets, Fixtures.idrData])
        #expect(alone.status != 0 && alone.stderr.contains("give --annotations too"))
        let broken = folder.appendingPathComponent("broken.csv")
        try Data("idr0011/Plate1.ome.zarr\n".utf8).write(to: broken)
        let refused = try await TesseraProcess.run(["crawl", "--db", db, "--annotations", Fixtures.idr, "--filesets", broken.path, Fixtures.idrData])
        #expect(refused.status != 0 && refused.stderr.contains("broken.csv: record 1 has 1 cells"), "\(refused.stderr)")
        let crawl = try await TesseraProcess.run(["crawl", "--db", db, "--json", "--annotations", Fixtures.idr,
                                                  "--filesets", Fixtures.idr0011Filesets, Fixtures.idrData])
        // Completed with one error: the table places a plate the bucket does not hold.
        #expect(crawl.status == 3, "\(crawl.stderr)")
        let summary = try #require(try JSONSerialization.jsonObject(with: Data(crawl.stdout.utf8)) as? [String: Any])
        #expect(summary["studies"] as? Int == 6 && summary["images"] as? Int == 5 && summary["errors"] as? Int == 1)
        #expect(summary["unmatched_rows"] as? Int == 23_328 - 5)
    }

    @Test func aCrawlThatCannotRunFails() async throws {
        let folder = try Fixtures.temporaryFolder()
        let db = "sqlite:\(folder.path)/catalog.sqlite"
        #expect(try await TesseraProcess.run(["migrate", "--db", db]).status == 0)
        let missing = try await TesseraProcess.run(["crawl", "--db", db, "/nonexistent/bucket"])
        #expect(missing.status != 0)
        #expect(missing.stderr.contains("/nonexistent/bucket is not a readable folder"))
        let badURL = try await TesseraProcess.run(["crawl", "--db", "mysql://nowhere", Fixtures.examples])
        #expect(badURL.status != 0)
        #expect(badURL.stderr.contains("sqlite:PATH or postgres://"))
    }

    @Test func theDemoCrawlsTheExamplesAndServesThemWithTheirObjects() async throws {
        let port = try Ports.free()
        let folder = try Fixtures.temporaryFolder()
        let demo = try TesseraProcess(["demo", "--port", String(port), "--sqlite", "\(folder.path)/demo.sqlite"])
        defer { if demo.process.isRunning { demo.process.terminate() } }
        let base = "http://127.0.0.1:\(port)"
        let hits = try await Self.getJSON(base + "/v1/images?gene=ARHGAP5&phenotype=CMPO_0000118", waitingFor: demo)
        let items = try #require(hits["items"] as? [[String: Any]])
        #expect(items.count == 8)
        // The printed examples include the cross-study query and a chunk query that work as printed.
        #expect(demo.stdout.contains("curl '\(base)/v1/images?gene=ARHGAP5&phenotype=CMPO_0000118'"))
        let chunkCommand = try #require(demo.stdout.split(separator: "\n").first { $0.contains("/chunks?") })
        let chunkURL = String(chunkCommand.split(separator: "'")[1])
        let chunks = try await Self.getJSON(chunkURL, waitingFor: demo)
        let entries = try #require(chunks["chunks"] as? [[String: Any]])
        #expect(entries.count == 2)
        for entry in entries {
            let (data, response) = try await URLSession.shared.data(from: URL(string: try #require(entry["url"] as? String))!)
            #expect((response as? HTTPURLResponse)?.statusCode == 200 && !data.isEmpty)
        }
        // Ctrl-C stops it cleanly.
        demo.interrupt()
        #expect(try await demo.wait(timeout: 30) == 0)
    }

    /// GETs a JSON document, retrying while the server is still starting.
    static func getJSON(_ url: String, waitingFor server: TesseraProcess) async throws -> [String: Any] {
        let deadline = Date().addingTimeInterval(90)
        while true {
            do {
                let (data, _) = try await URLSession.shared.data(from: URL(string: url)!)
                return try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
            } catch where Date() < deadline && server.process.isRunning {
                try await Task.sleep(for: .milliseconds(200))
            }
        }
    }
}
