import Foundation
import Testing
import TesseraTesting

@Suite struct StudyAndImageAPITests {
    @Test(arguments: TestBackend.available)
    func studiesAreListedAndShown(backend: TestBackend) async throws {
        try await APIHarness.withAPI(backend) { client in
            let list = try await client.get("/v1/studies")
            #expect(list.status == 200 && list.contentType == "application/json")
            #expect(list.items.map { $0["id"] as? String } == ["idr0028", "idr0038", "idr0094"])
            #expect(list.json.keys.contains("next_cursor") && list.json["next_cursor"] is NSNull)
            let study = try await client.get("/v1/studies/idr0094").json
            #expect(study["license"] as? String == "CC0 1.0")
            #expect(study["license_url"] as? String == "https://creativecommons.org/publicdomain/zero/1.0/")
            #expect(study["bioimage_archive_accession"] as? String == "S-BIAD29")
            #expect((study["organisms"] as? [String])?.contains("Homo sapiens") == true)
            #expect((study["containers"] as? [[String: Any]])?.first?["name"] as? String == "ESP0025769")
            // The study file's curated facts come with the study.
            #expect((study["organism_terms"] as? [[String: Any]])?.first?["accession"] as? String == "NCBITaxon_9606")
            #expect((study["components"] as? [[String: Any]])?.map { $0["kind"] as? String } == ["screen", "screen"])
            #expect(study["release_date"] is String && study["data_doi"] is String)
            let missing = try await client.get("/v1/studies/idr9999")
            #expect(missing.status == 404 && missing.contentType == "application/problem+json")
            #expect((missing.json["detail"] as? String)?.contains("GET /v1/studies") == true)
        }
    }

    @Test(arguments: TestBackend.available)
    func geneAndPhenotypeReturnTheMatchingWellsWithTheirZarrURLs(backend: TestBackend) async throws {
        try await APIHarness.withAPI(backend) { client in
            let answer = try await client.get("/v1/images?gene=ARHGAP5&phenotype=CMPO_0000118")
            #expect(answer.status == 200)
            let wells = answer.items.map { "\($0["plate"] as? String ?? "") \($0["well"] as? String ?? "")/\($0["field"] as? String ?? "")" }
            #expect(wells == [
                "LM2_ONTARGETPlus_1A F9/0", "LM2_ONTARGETPlus_1A F9/1", "LM2_ONTARGETPlus_1A N3/0", "LM2_ONTARGETPlus_1A N3/1",
                "MDA-MB-231_ONTARGETPlus_1B F9/0", "MDA-MB-231_ONTARGETPlus_1B F9/1",
                "MDA-MB-231_ONTARGETPlus_1B N3/0", "MDA-MB-231_ONTARGETPlus_1B N3/1",
            ])
            for item in answer.items {
                #expect(item["study"] as? String == "idr0028")
                #expect(item["id"] is String && item["name"] is String)
                // The zarr_url is a real OME-Zarr group: its metadata can be fetched.
                let zarrURL = try #require(item["zarr_url"] as? String)
                #expect(try await client.fetch(zarrURL + "/.zattrs").status == 200)
            }
            let byName = try await client.get("/v1/images?gene=arhgap5&phenotype=round%20cell%20phenotype")
            #expect(byName.items.map { $0["id"] as? String } == answer.items.map { $0["id"] as? String })
        }
    }

    @Test(arguments: TestBackend.available)
    func listsPageWithOpaqueCursors(backend: TestBackend) async throws {
        try await APIHarness.withAPI(backend) { client in
            let paged = try await client.getAll("/v1/images?limit=5")
            let whole = try await client.get("/v1/images?limit=1000").items
            #expect(paged.count == 34)
            #expect(paged.map { $0["id"] as? String } == whole.map { $0["id"] as? String })
            let first = try await client.get("/v1/images?limit=5").json
            let cursor = try #require(first["next_cursor"] as? String)
            #expect(!cursor.contains("idr0028"), "cursors are opaque")
            // A cursor that decodes but was not issued here (edited position, stale digest) is refused.
            let forged = Data("v1\u{0}idr0028/zzz\u{0}0000000000000000".utf8).base64EncodedString()
                .replacingOccurrences(of: "=", with: "").replacingOccurrences(of: "/", with: "_").replacingOccurrences(of: "+", with: "-")
            for bad in [forged, String(cursor.dropLast(4)), cursor + "AA"] {
                let tampered = try await client.get("/v1/images?cursor=" + bad)
                #expect(tampered.status == 400 && tampered.contentType == "application/problem+json", "\(bad)")
            }
        }
    }

    @Test(arguments: [
        "/v1/images?genes=ARHGAP5", "/v1/images?limit=0", "/v1/images?limit=5000", "/v1/images?study=a&study=b",
        "/v1/images?gene=", "/v1/studies?cursor=nonsense", "/v1/studies/idr0028?verbose=1",
    ])
    func badRequestsAreProblemsThatSayWhatToFix(path: String) async throws {
        try await APIHarness.withAPI(.sqlite) { client in
            let answer = try await client.get(path)
            #expect(answer.status == 400)
            #expect(answer.contentType == "application/problem+json")
            #expect(answer.json["status"] as? Int == 400)
            #expect((answer.json["detail"] as? String)?.isEmpty == false)
            #expect(answer.json["title"] as? String == "Bad Request")
        }
    }

    @Test(arguments: TestBackend.available)
    func anImageCarriesItsLevelsAndChunkTemplate(backend: TestBackend) async throws {
        try await APIHarness.withAPI(backend) { client in
            let hit = try #require(try await client.get("/v1/images?compound=ONC201").items.first)
            let image = try await client.get("/v1/images/\(hit["id"] as? String ?? "")").json
            let zarrURL = try #require(hit["zarr_url"] as? String)
            #expect(image["zarr_url"] as? String == zarrURL)
            #expect(image["chunk_url_template"] as? String == zarrURL + "/s0/c/{c}/{y}/{x}")
            let levels = try #require(image["levels"] as? [[String: Any]])
            #expect(levels.map { $0["path"] as? String } == ["s0", "s1"])
            let array = try #require(levels[0]["array"] as? [String: Any])
            #expect(array["shape"] as? [Int] == [1, 64, 64])
            #expect(array["shards"] as? [Int] == [1, 64, 64])
            #expect(array["chunks"] as? [Int] == [1, 32, 32])
            #expect(array["byte_order"] as? String == "big")
            #expect((image["annotations"] as? [[String: Any]])?.contains { $0["value"] as? String == "ONC201" } == true)
        }
    }
}
