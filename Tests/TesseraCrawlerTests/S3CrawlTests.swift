import Foundation
import Testing
import TesseraCore
import TesseraCrawler
import TesseraStore
import TesseraTesting

/// The crawler against a real S3-compatible server (SeaweedFS, started by scripts/test with authentication
/// enforced), directly and through a proxy that injects faults.
@Suite(.enabled(if: S3TestServer.enabled)) struct S3CrawlTests {
    /// A source on the test server; `endpoint` reroutes the requests (through the fault proxy).
    func source(_ location: String, signed: Bool = true, endpoint: String? = nil, retry: RetryPolicy = RetryPolicy(),
                credentials: AWSCredentials? = nil, publicBaseURL: String? = nil) throws -> (S3ObjectSource, CrawlHTTP) {
        let server = try S3TestServer.required()
        let http = try CrawlHTTP(concurrency: 16, retry: retry, logger: Fixtures.logger)
        let client = S3Client(endpoint: try S3Endpoint(url: endpoint ?? server.endpoint, region: server.region),
                              credentials: signed ? credentials ?? server.credentials : nil, http: http)
        let place = try S3Location(location)
        // Through a proxy, objects are still published under the server's own URL.
        let base = try S3Endpoint(url: server.endpoint, region: server.region).url(bucket: place.bucket, key: place.prefix)
        return (S3ObjectSource(client: client, location: place, publicBaseURL: publicBaseURL ?? base), http)
    }

    /// Crawls `location` into `database`, closing the HTTP client afterwards.
    @discardableResult
    func crawl(_ location: String, into database: SQLDatabase, signed: Bool = true, endpoint: String? = nil,
               retry: RetryPolicy = RetryPolicy(), options: Crawler.Options = Crawler.Options()) async throws -> Crawler.Outcome {
        let (source, http) = try source(location, signed: signed, endpoint: endpoint, retry: retry)
        do {
            let outcome = try await Crawler(store: SQLCatalog(database: database), logger: Fixtures.logger, options: options)
                .crawl(source, label: location)
            try await http.shutdown()
            return outcome
        } catch {
            try? await http.shutdown()
            throw error
        }
    }

    func count(_ database: SQLDatabase, _ query: SQL) async throws -> Int64 {
        try await database.read([query])[0].first?.int(0) ?? -1
    }

    /// `--annotations` with the data in a bucket: the BioImage Archive-style plate is mounted from S3 into its study.
    @Test func curatedCrawlOfABucketEqualsTheSameFilesOnDisk() async throws {
        let server = try S3TestServer.required()
        let bucket = try await server.bucket(copying: Fixtures.idrData)
        let base = try S3Endpoint(url: server.endpoint, region: server.region).url(bucket: bucket, key: "")
        let filesets = FilesetMapping.parse(try String(contentsOfFile: Fixtures.idr0011Filesets, encoding: .utf8)).rows
        let folder = try Fixtures.idrStudies(["idr0011"])
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let curation = Curation(source: try LocalFolderSource(path: folder, publicBaseURL: "https://curation.test/"), filesets: filesets)
        let fromDisk = try await TestBackend.sqlite.withFreshDatabase { database in
            _ = try await Crawler(store: SQLCatalog(database: database), logger: Fixtures.logger)
                .crawl(try LocalFolderSource(path: Fixtures.idrData, publicBaseURL: base), label: "disk", curation: curation)
            return try await CatalogDump.lines(database)
        }
        let fromS3 = try await TestBackend.sqlite.withFreshDatabase { database in
            let (source, http) = try self.source("s3://\(bucket)")
            let outcome: Crawler.Outcome
            do {
                outcome = try await Crawler(store: SQLCatalog(database: database), logger: Fixtures.logger)
                    .crawl(source, label: "s3", curation: curation)
                try await http.shutdown()
            } catch {
                try? await http.shutdown()
                throw error
            }
            #expect(outcome.report.counts.images == 5 && outcome.report.errors.count == 1)
            return try await CatalogDump.lines(database)
        }
        #expect(fromS3.contains { $0.hasPrefix("containers: ") && $0.contains("Plate1-TS-Red-B") })
        #expect(fromS3 == fromDisk)
    }

    @Test(arguments: TestBackend.available)
    func signedCrawlEqualsACrawlOfTheSameFilesOnDisk(_ backend: TestBackend) async throws {
        let server = try S3TestServer.required()
        let base = try S3Endpoint(url: server.endpoint, region: server.region).url(bucket: server.privateBucket, key: "")
        let fromDisk = try await backend.withFreshDatabase { database in
            let source = try LocalFolderSource(path: Fixtures.examples, publicBaseURL: base)
            let outcome = try await Crawler(store: SQLCatalog(database: database), logger: Fixtures.logger).crawl(source, label: "Examples")
            #expect(outcome.report.status == .succeeded)
            return try await CatalogDump.lines(database)
        }
        let fromS3 = try await backend.withFreshDatabase { database in
            let outcome = try await crawl("s3://\(server.privateBucket)", into: database)
            #expect(outcome.report.status == .succeeded)
            #expect(outcome.report.counts.studies == 3 && outcome.report.counts.images == 39)
            return try await CatalogDump.lines(database)
        }
        #expect(fromS3.count > 500)
        #expect(fromS3 == fromDisk)
    }

    @Test func anonymousRequestsReadPublicBucketsAndAreRefusedElsewhere() async throws {
        let server = try S3TestServer.required()
        try await TestBackend.sqlite.withFreshDatabase { database in
            let outcome = try await crawl("s3://\(server.publicBucket)/examples/", into: database, signed: false)
            #expect(outcome.report.status == .succeeded && outcome.report.counts.images == 39)
            let refused = await #expect(throws: S3Error.self) {
                try await crawl("s3://\(server.privateBucket)", into: database, signed: false)
            }
            #expect("\(refused!)".contains("403") && "\(refused!)".contains("--no-sign-request"))
            let forged = AWSCredentials(accessKeyID: server.credentials.accessKeyID, secretAccessKey: "not-the-secret")
            let (source, http) = try source("s3://\(server.privateBucket)", credentials: forged)
            let wrongSecret = await #expect(throws: S3Error.self) { try await source.list(prefix: "") }
            try await http.shutdown()
            #expect("\(wrongSecret!)".contains("SignatureDoesNotMatch"))
            // Refused crawls are recorded as failed runs; the catalogued study stays.
            #expect(try await count(database, "SELECT COUNT(*) FROM crawl_runs WHERE status = 'failed'") == 1)
            #expect(try await count(database, "SELECT COUNT(*) FROM images") == 39)
        }
    }

    @Test func keysThatNeedPercentEncodingAreListedAndReadExactly() async throws {
        let server = try S3TestServer.required()
        let (source, http) = try source("s3://\(server.publicBucket)/odd/", signed: false)
        defer { Task { try? await http.shutdown() } }
        let inventory = try #require(try await source.inventory(prefix: "", wanted: { _ in true }))
        let keys = inventory.map(\.key)
        #expect(keys.contains { $0.contains(" ") } && keys.contains { $0.contains("(") } && keys.contains { $0.contains("+") }
                && keys.contains { $0.unicodeScalars.contains { !$0.isASCII } })
        for key in keys {
            let object = try #require(try await source.get(key))
            // scripts/s3_upload.py makes each odd object's body its full key.
            #expect(object.data == Data(("odd/" + key).utf8), "\(key)")
            #expect(try await source.exists(key))
        }
        let top = try await source.list(prefix: "")
        #expect(!top.prefixes.isEmpty && top.prefixes.allSatisfy { $0.hasSuffix("/") })
    }

    @Test(arguments: TestBackend.available)
    func reCrawlsReadOnlyChangedStudiesAndRemoveWhatDisappeared(_ backend: TestBackend) async throws {
        let server = try S3TestServer.required()
        let bucket = try await server.bucket(copying: Fixtures.examples)
        try await backend.withFreshDatabase { database in
            let first = try await crawl("s3://\(bucket)", into: database)
            #expect(first.report.counts.studies == 3 && first.report.counts.objectsRead > 100)

            // Nothing changed: nothing is read or written.
            let unchanged = try await crawl("s3://\(bucket)", into: database)
            #expect(unchanged.report.counts.studiesUnchanged == 3 && unchanged.report.counts.studies == 0 && unchanged.report.counts.objectsRead == 0)

            // One changed document re-reads its study only, and of its objects only those whose documents the
            // catalog does not keep as they were (groups, arrays, plates and wells are kept verbatim).
            let studyURL = try await database.read(["SELECT url FROM studies WHERE id = 'idr0094'"])[0][0].string(0)
            let kept = try await SQLCatalog(database: database).documents(ofStudyAt: studyURL).count
            let objects = try await count(database, "SELECT COUNT(*) FROM source_objects WHERE study_id = 'idr0094'")
            let studyFile = "idr0094-ellinger-sarscov2/idr0094-study.txt"
            var text = try String(contentsOfFile: Fixtures.examples + "/" + studyFile, encoding: .utf8)
            text += "\n# edited by the incremental crawl test\n"
            try await server.put(bucket: bucket, key: studyFile, body: Data(text.utf8))
            let edited = try await crawl("s3://\(bucket)", into: database)
            #expect(edited.report.counts.studies == 1 && edited.report.counts.studiesUnchanged == 2)
            #expect(kept > 10 && edited.report.counts.objectsRead == Int(objects) - kept)
            #expect(try await count(database, "SELECT COUNT(*) FROM studies WHERE study_document LIKE '%edited by the incremental crawl test%'") == 1)
            // The catalog is the one a crawl reading every object gives.
            try await backend.withFreshDatabase { fresh in
                try await crawl("s3://\(bucket)", into: fresh)
                #expect(try await CatalogDump.lines(database) == CatalogDump.lines(fresh))
            }

            // A deleted plate leaves its study; a deleted study folder leaves the catalog.
            let plate = "idr0028-pascualvargas-rhogtpases/screenB/LM2_ONTARGETPlus_1A.ome.zarr/"
            let imagesBefore = try await count(database, "SELECT COUNT(*) FROM images WHERE study_id = 'idr0028'")
            for key in try await server.keys(bucket: bucket, prefix: plate) { try await server.delete(bucket: bucket, key: key) }
            for key in try await server.keys(bucket: bucket, prefix: "idr0038-held-kidneylightsheet/") {
                try await server.delete(bucket: bucket, key: key)
            }
            let shrunk = try await crawl("s3://\(bucket)", into: database)
            #expect(shrunk.report.status == .succeeded)
            #expect(shrunk.report.counts.studies == 1 && shrunk.report.counts.studiesUnchanged == 1 && shrunk.report.counts.studiesRemoved == 1)
            #expect(try await count(database, "SELECT COUNT(*) FROM images WHERE study_id = 'idr0028'") < imagesBefore)
            #expect(try await count(database, "SELECT COUNT(*) FROM containers WHERE name = 'LM2_ONTARGETPlus_1A'") == 0)
            #expect(try await count(database, "SELECT COUNT(*) FROM studies WHERE id = 'idr0038'") == 0)
            #expect(try await count(database, "SELECT COUNT(*) FROM images WHERE study_id = 'idr0038'") == 0)
            let runs = try await database.read(["SELECT studies, studies_unchanged, studies_removed, status FROM crawl_runs ORDER BY id"])[0]
            #expect(runs.map { "\($0.int(0)!) \($0.int(1)!) \($0.int(2)!) \($0.string(3))" } == [
                "3 0 0 succeeded", "0 3 0 succeeded", "1 2 0 succeeded", "1 1 1 succeeded",
            ])
        }
    }

    @Test func aCrawlThroughTenPercentFaultsEndsWithTheCatalogOfACleanCrawl() async throws {
        let server = try S3TestServer.required()
        let location = "s3://\(server.publicBucket)/"
        try await TestBackend.sqlite.withFreshDatabase { clean in
            try await crawl(location, into: clean)
            let proxy = try FaultProxy(upstream: server.endpoint, faultRate: 0.1, stallSeconds: 3)
            defer { proxy.stop() }
            try await TestBackend.sqlite.withFreshDatabase { faulty in
                let retry = RetryPolicy(attempts: 10, baseDelay: .milliseconds(20), maximumDelay: .milliseconds(500),
                                        requestTimeout: .seconds(1))
                let outcome = try await crawl(location, into: faulty, endpoint: proxy.url, retry: retry)
                #expect(outcome.report.counts.studiesKept == 0)
                #expect(try await CatalogDump.lines(faulty) == CatalogDump.lines(clean))
            }
            #expect(proxy.stop() > 10)
        }
    }

    /// Listing works, but every read fails in a way that may pass: studies stay as catalogued, none is
    /// removed, and the next good crawl brings the changes.
    @Test func studiesWhoseReadsFailTransientlyKeepWhatTheCatalogHad() async throws {
        let server = try S3TestServer.required()
        let bucket = try await server.bucket(copying: Fixtures.examples)
        try await TestBackend.sqlite.withFreshDatabase { database in
            try await crawl("s3://\(bucket)", into: database)
            let before = try await CatalogDump.lines(database)
            let plate = "idr0028-pascualvargas-rhogtpases/screenB/LM2_ONTARGETPlus_1A.ome.zarr/"
            for key in try await server.keys(bucket: bucket, prefix: plate) { try await server.delete(bucket: bucket, key: key) }
            try await server.put(bucket: bucket, key: "idr0094-ellinger-sarscov2/idr0094-study.txt", body: Data("changed".utf8))

            let proxy = try FaultProxy(upstream: server.endpoint, faultRate: 1, extra: ["--faults", "503"])
            defer { proxy.stop() }
            let (listing, listingHTTP) = try source("s3://\(bucket)")
            let (failing, failingHTTP) = try source("s3://\(bucket)", endpoint: proxy.url,
                                                    retry: RetryPolicy(attempts: 2, baseDelay: .milliseconds(1)))
            let outcome = try await Crawler(store: SQLCatalog(database: database), logger: Fixtures.logger)
                .crawl(ReadsElsewhere(lists: listing, reads: failing), label: "flaky")
            try await listingHTTP.shutdown()
            try await failingHTTP.shutdown()
            #expect(outcome.report.status == .completedWithErrors)
            #expect(outcome.report.counts.studiesKept == 2 && outcome.report.counts.studiesUnchanged == 1 && outcome.report.counts.studiesRemoved == 0)
            #expect(outcome.report.errors.contains { $0.message.contains("503") })
            #expect(try await CatalogDump.lines(database) == before)

            let recovered = try await crawl("s3://\(bucket)", into: database)
            #expect(recovered.report.counts.studies == 2 && recovered.report.counts.studiesUnchanged == 1)
            #expect(try await CatalogDump.lines(database) != before)
        }
    }
}

/// A bucket listed through one S3 source and read through another (a failing route to the same bucket).
struct ReadsElsewhere: ObjectSource {
    let lists: S3ObjectSource
    let reads: S3ObjectSource

    var publicBaseURL: String { lists.publicBaseURL }
    func list(prefix: String) async throws -> Listing { try await lists.list(prefix: prefix) }
    func get(_ key: String) async throws -> StoredObject? { try await reads.get(key) }
    func exists(_ key: String) async throws -> Bool { try await reads.exists(key) }
    func inventory(prefix: String, wanted: @escaping @Sendable (Substring) -> Bool) async throws -> [ObjectInfo]? {
        try await lists.inventory(prefix: prefix, wanted: wanted)
    }
}
