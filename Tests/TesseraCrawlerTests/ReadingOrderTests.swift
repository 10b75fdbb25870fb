import Foundation
import Testing
import TesseraCore
@testable import TesseraCrawler
import TesseraStore
import TesseraTesting

@Suite struct ReadingOrderTests {
    @Test func groupsComeBeforeTheirChildrenAndNumbersByValue() {
        let crawlerOrder = [
            "plate.zarr/zarr.json",
            "plate.zarr/A/2/zarr.json", "plate.zarr/A/2/0/zarr.json", "plate.zarr/A/2/0/s2/zarr.json",
            "plate.zarr/A/2/0/s10/zarr.json", "plate.zarr/A/010/zarr.json", "plate.zarr/A/10/zarr.json",
            "v2.zarr/.zattrs", "v2.zarr/s0/.zarray", "v2.zarr/s1/.zarray", "v2.zarr/labels/.zattrs",
        ]
        #expect(ReadingOrder.sorted(crawlerOrder.reversed()) == crawlerOrder)
        // Plain key order reads a v3 plate's own document last, `A/10` before `A/2` and labels before levels.
        #expect(crawlerOrder.sorted() != crawlerOrder)
    }

    /// A crawl whose prefetch window is far smaller than its plates still fetches each document once, and never
    /// the attributes of Zarr v2 arrays, which it does not read.
    @Test func aCrawlFetchesEachDocumentOnce() async throws {
        let source = CountingSource(base: try LocalFolderSource(path: Fixtures.examples, publicBaseURL: "https://tessera.test/"))
        var options = Crawler.Options()
        options.prefetchWindow = 4
        try await TestBackend.sqlite.withFreshDatabase { database in
            _ = try await Crawler(store: SQLCatalog(database: database), logger: Fixtures.logger, options: options)
                .crawl(source, label: Fixtures.examples)
            let fetched = await source.counter.counts
            let fetchedTwice = fetched.filter { $0.value > 1 }.map(\.key).sorted()
            #expect(!fetched.isEmpty)
            #expect(fetchedTwice == [])
            let arrays = Set(fetched.keys.filter { $0.hasSuffix("/.zarray") }.map { $0.dropLast(".zarray".count) })
            #expect(!arrays.isEmpty && !fetched.keys.contains { $0.hasSuffix("/.zattrs") && arrays.contains($0.dropLast(".zattrs".count)) })
            // What was fetched and not read are the documents of plate rows, which the plate's metadata passes by.
            let read = try await database.read([SQL("SELECT url FROM source_objects")])[0].map { row in
                String(row.string(0).dropFirst("https://tessera.test/".count)).removingPercentEncoding!
            }
            let unread = Set(fetched.keys).subtracting(read)
            #expect(unread.allSatisfy { $0.range(of: #"\.zarr/[A-Z]+/(\.zattrs|zarr\.json)$"#, options: .regularExpression) != nil })
            #expect(Set(read).isSubset(of: fetched.keys))
        }
    }
}

/// An object source that counts the objects read through it.
private struct CountingSource: ObjectSource {
    actor Counter {
        var counts: [String: Int] = [:]
        func add(_ key: String) { counts[key, default: 0] += 1 }
    }

    let base: LocalFolderSource
    let counter = Counter()

    var publicBaseURL: String { base.publicBaseURL }

    func list(prefix: String) async throws -> Listing { try await base.list(prefix: prefix) }

    func get(_ key: String) async throws -> StoredObject? {
        await counter.add(key)
        return try await base.get(key)
    }

    func exists(_ key: String) async throws -> Bool { try await base.exists(key) }

    func inventory(prefix: String, wanted: @escaping @Sendable (Substring) -> Bool) async throws -> [ObjectInfo]? {
        try await base.inventory(prefix: prefix, wanted: wanted)
    }
}
