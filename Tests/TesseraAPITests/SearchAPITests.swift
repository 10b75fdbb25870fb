import Foundation
import Testing
import TesseraTesting

/// `POST /v1/search` over HTTP on the example studies, on both backends.
@Suite struct SearchAPITests {
    /// Every item of a search, page after page (the cursor goes back in the body).
    static func searchAll(_ client: APIClient, _ body: [String: Any]) async throws -> (items: [[String: Any]], first: Answer) {
        var body = body
        var items: [[String: Any]] = []
        var first: Answer?
        while true {
            let answer = try await client.post("/v1/search", String(decoding: try JSONSerialization.data(withJSONObject: body), as: UTF8.self))
            #expect(answer.status == 200, "\(String(decoding: answer.body, as: UTF8.self))")
            first = first ?? answer
            items += answer.items
            guard let cursor = answer.json["next_cursor"] as? String else { return (items, first!) }
            body["cursor"] = cursor
        }
    }

    static func places(_ items: [[String: Any]]) -> [String] {
        items.map { "\($0["plate"] as? String ?? "") \($0["well"] as? String ?? "") \($0["field"] as? String ?? "")" }
    }

    @Test(arguments: TestBackend.available)
    func booleanQueriesCombineTermsStudiesAndKeyValues(backend: TestBackend) async throws {
        try await APIHarness.withAPI(backend) { (client: APIClient) async throws in
            // The issue's example: ARHGAP5 knock-downs with the round phenotype in either spelling, outside idr0011.
            let example: [String: Any] = ["query": ["and": [
                ["gene": "ARHGAP5"],
                ["or": [["phenotype": "CMPO_0000118"], ["phenotype": "round cell phenotype"]]],
                ["not": ["study": "idr0011"]],
            ]], "facets": ["study", "phenotype"]]
            let (round, answer) = try await Self.searchAll(client, example)
            let filtered = try await client.getAll("/v1/images?gene=ARHGAP5&phenotype=CMPO_0000118")
            #expect(round.count == 8 && round.map { $0["id"] as? String } == filtered.map { $0["id"] as? String })
            #expect(answer.json["total"] as? Int == 8 && answer.json["total_exact"] as? Bool == true)
            let facets = try #require(answer.json["facets"] as? [String: [[String: Any]]])
            #expect(facets["study"]?.map { "\($0["value"]!) \($0["count"]!)" } == ["idr0028 8"])
            #expect(facets["phenotype"]?.contains { $0["value"] as? String == "cmpo_0000118" && $0["count"] as? Int == 8 } == true)

            // OR is a union, NOT a complement.
            let arhgap5 = try await Self.searchAll(client, ["query": ["gene": "ARHGAP5"]]).items
            let dock6 = try await Self.searchAll(client, ["query": ["gene": "DOCK6"]]).items
            let either = try await Self.searchAll(client, ["query": ["or": [["gene": "ARHGAP5"], ["gene": "DOCK6"]]]]).items
            #expect(Set(either.compactMap { $0["id"] as? String }) == Set((arhgap5 + dock6).compactMap { $0["id"] as? String }))
            let everything = try await Self.searchAll(client, [:]).items
            let others = try await Self.searchAll(client, ["query": ["not": ["gene": "ARHGAP5"]]]).items
            #expect(others.count == everything.count - arhgap5.count && !others.contains { item in arhgap5.contains { $0["id"] as? String == item["id"] as? String } })

            // Case-insensitive by default; exact compares values as curated; prefixes match the start.
            #expect(try await Self.searchAll(client, ["query": ["gene": "arhgap5"]]).items.count == arhgap5.count)
            #expect(try await Self.searchAll(client, ["query": ["gene": "arhgap5", "exact": true]]).items.isEmpty)
            #expect(try await Self.searchAll(client, ["query": ["gene": "ARHGAP5", "exact": true]]).items.count == arhgap5.count)
            let prefixed = try await Self.searchAll(client, ["query": ["gene": "dock", "prefix": true]]).items
            let dock10 = try await Self.searchAll(client, ["query": ["gene": "DOCK10"]]).items
            #expect(Set(prefixed.compactMap { $0["id"] as? String }) == Set((dock6 + dock10).compactMap { $0["id"] as? String }))

            // Free key/value pairs, whichever case; a key alone matches any value; studies by id or folder name.
            let hits = try await Self.searchAll(client, ["query": ["key": "hit compound (over 75% activity)", "value": "YES"]]).items
            #expect(Self.places(hits) == ["ESP0025769 E2 0", "ESP0025769 H10 0"])
            let controls = try await Self.searchAll(client, ["query": ["and": [["key": "Control Type"], ["study": "IDR0094-ellinger-sarscov2"]]]]).items
            #expect(Self.places(controls) == ["ESP0025769 A12 0"])
            let compound = try await Self.searchAll(client, ["query": ["compound": "JKOCAAWWDVHWKB-UHFFFAOYSA-N"]]).items
            #expect(Self.places(compound) == ["ESP0025769 A1 0"])
        }
    }

    @Test(arguments: TestBackend.available)
    func resultsComeAtTheLevelAskedFor(backend: TestBackend) async throws {
        try await APIHarness.withAPI(backend) { (client: APIClient) async throws in
            let query: [String: Any] = ["and": [["gene": "ARHGAP5"], ["phenotype": "CMPO_0000118"]]]
            let wells = try await Self.searchAll(client, ["query": query, "level": "well", "facets": ["plate"]])
            #expect(wells.items.map { "\($0["plate"]!) \($0["well"]!) \($0["images"]!)" } == [
                "LM2_ONTARGETPlus_1A F9 2", "LM2_ONTARGETPlus_1A N3 2", "MDA-MB-231_ONTARGETPlus_1B F9 2", "MDA-MB-231_ONTARGETPlus_1B N3 2",
            ])
            #expect((wells.items.first?["url"] as? String)?.hasSuffix("LM2_ONTARGETPlus_1A.ome.zarr/F/9") == true)
            // Facets count results of the level: wells per plate.
            let plates = (wells.first.json["facets"] as? [String: [[String: Any]]])?["plate"]
            #expect(plates?.map { "\($0["label"]!) \($0["count"]!)" }.sorted() == ["LM2_ONTARGETPlus_1A 2", "MDA-MB-231_ONTARGETPlus_1B 2"])
            let plateHits = try await Self.searchAll(client, ["query": query, "level": "plate", "sort": "name"]).items
            #expect(plateHits.map { "\($0["name"]!) \($0["images"]!)" } == ["LM2_ONTARGETPlus_1A 4", "MDA-MB-231_ONTARGETPlus_1B 4"])
            let studies = try await Self.searchAll(client, ["query": query, "level": "study"]).items
            #expect(studies.map { $0["id"] as? String } == ["idr0028"] && studies.first?["images"] as? Int == 8)
        }
    }

    @Test(arguments: TestBackend.available)
    func imageResultsCarryWhatAClientNeedsToReadThem(backend: TestBackend) async throws {
        try await APIHarness.withAPI(backend) { (client: APIClient) async throws in
            let body: [String: Any] = ["query": ["gene": "ARHGAP5"], "limit": 2, "array_level": 1, "include": ["chunks"],
                                       "region": ["y": "0:40", "x": "0:20"]]
            let items = try await client.post("/v1/search", String(decoding: try JSONSerialization.data(withJSONObject: body), as: UTF8.self)).items
            #expect(items.count == 2)
            for item in items {
                let id = try #require(item["id"] as? String)
                #expect(item["array_level"] as? Int == 1)
                let array = try #require(item["array"] as? [String: Any])
                #expect(array["shape"] is [Int] && array["chunks"] is [Int] && array["data_type"] is String && array["codecs"] != nil)
                #expect((item["axes"] as? [[String: Any]])?.map { $0["name"] as? String } == ["c", "y", "x"])
                let template = try #require(item["chunk_url_template"] as? String)
                #expect(template == (item["array_url"] as? String ?? "") + "/{c}/{y}/{x}")
                // The inlined chunks are those the chunks endpoint lists for the same region and level.
                let chunks = try #require(item["chunks"] as? [String: Any])
                let listed = try await client.get("/v1/images/\(id)/chunks?level=1&y=0:40&x=0:20").json
                #expect(chunks["count"] as? Int == listed["count"] as? Int)
                let urls = (chunks["items"] as? [[String: Any]])?.compactMap { $0["url"] as? String }
                #expect(urls == (listed["chunks"] as? [[String: Any]])?.compactMap { $0["url"] as? String })
                for url in urls ?? [] { #expect(try await client.fetch(url).status == 200) }
            }
            // GET /v1/images carries the same array metadata.
            let listed = try await client.get("/v1/images?gene=ARHGAP5&limit=2&array_level=1").items
            #expect(listed.map { $0["chunk_url_template"] as? String } == items.map { $0["chunk_url_template"] as? String })
            // A region outside one image's array is said for that image, not the whole answer.
            let outside: [String: Any] = ["query": ["gene": "ARHGAP5"], "limit": 1, "include": ["chunks"], "region": ["y": "5000:5001"]]
            let refused = try await client.post("/v1/search", String(decoding: try JSONSerialization.data(withJSONObject: outside), as: UTF8.self))
            #expect(refused.status == 200)
            #expect((refused.items.first?["chunks_problem"] as? String)?.contains("outside the array") == true)
            // The largest index there is has no next one: a problem for that image, not an overflow.
            let largest: [String: Any] = ["query": ["gene": "ARHGAP5"], "limit": 1, "include": ["chunks"], "region": ["x": Int64.max]]
            let answer = try await client.post("/v1/search", String(decoding: try JSONSerialization.data(withJSONObject: largest), as: UTF8.self))
            #expect(answer.status == 200 && answer.items.first?["chunks_problem"] is String)
        }
    }

    @Test(arguments: TestBackend.available)
    func everySortPagesWithoutRepeatsOrGaps(backend: TestBackend) async throws {
        try await APIHarness.withAPI(backend) { (client: APIClient) async throws in
            for (level, sort) in [("image", "natural"), ("image", "name"), ("well", "natural"), ("plate", "natural"), ("plate", "name"),
                                  ("study", "natural"), ("study", "name")] {
                let whole = try await Self.searchAll(client, ["level": level, "sort": sort, "limit": 1000]).items
                let paged = try await Self.searchAll(client, ["level": level, "sort": sort, "limit": 2]).items
                #expect(whole.count > 2, "\(level) \(sort)")
                #expect(paged.map { $0["id"] as? String } == whole.map { $0["id"] as? String }, "\(level) \(sort)")
                if sort == "name" {
                    let names = whole.compactMap { $0["name"] as? String }
                    #expect(names == names.sorted { Array($0.utf8).lexicographicallyPrecedes(Array($1.utf8)) }, "\(level)")
                }
            }
            // A cursor pages only the search it came from; an edited one is refused, not restarted.
            let first = try await client.post("/v1/search", #"{"level": "well", "limit": 1}"#).json
            let cursor = try #require(first["next_cursor"] as? String)
            let other = try await client.post("/v1/search", #"{"level": "plate", "cursor": "\#(cursor)"}"#)
            #expect(other.status == 400 && other.contentType == "application/problem+json")
            let edited = try await client.post("/v1/search", #"{"level": "well", "cursor": "\#(cursor.dropLast(3))"}"#)
            #expect(edited.status == 400)
            #expect(try await client.get("/v1/images?cursor=\(cursor)").status == 400)
        }
    }

    @Test(arguments: TestBackend.available)
    func suggestionsPageLikeEveryOtherList(backend: TestBackend) async throws {
        try await APIHarness.withAPI(backend) { (client: APIClient) async throws in
            let key = { (item: [String: Any]) in "\(item["kind"] ?? "") \(item["term"] ?? "")" }
            let whole = try await client.get("/v1/terms?prefix=a&limit=100").items
            let paged = try await client.getAll("/v1/terms?prefix=a&limit=3")
            #expect(whole.count > 6 && paged.map(key) == whole.map(key))
            // A cursor pages only the suggestions it came from.
            let cursor = try #require(try await client.get("/v1/terms?prefix=a&limit=1").json["next_cursor"] as? String)
            #expect(try await client.get("/v1/terms?prefix=b&cursor=\(cursor)").status == 400)
        }
    }

    @Test(arguments: [
        (#"{"query": {"and": [{"gene": "ARHGAP5"}, {"or": [{"phenotyp": "x"}]}]}}"#, "/query/and/1/or/0/phenotyp"),
        (#"{"query": {"gene": "ARHGAP5", "compound": "x"}}"#, "/query"),
        (#"{"query": {"not": {"gene": ""}}}"#, "/query/not/gene"),
        (#"{"query": {"and": []}}"#, "/query/and"),
        (#"{"query": {"gene": "A", "exact": "yes"}}"#, "/query/exact"),
        (#"{"level": "cell"}"#, "/level"),
        (#"{"level": "well", "sort": "name"}"#, "/sort"),
        (#"{"limit": 1001}"#, "/limit"),
        (#"{"facets": ["genes"]}"#, "/facets/0"),
        (#"{"region": {"y": "0:5"}}"#, "/region"),
        (#"{"level": "well", "include": ["chunks"]}"#, "/include"),
        (#"{"quer": {}}"#, "/quer"),
        (#"[1]"#, ""),
        (#"{"query": "#, ""),
    ])
    func invalidSearchesArePointedAt(body: String, pointer: String) async throws {
        try await APIHarness.withAPI(.sqlite) { (client: APIClient) async throws in
            let answer = try await client.post("/v1/search", body)
            #expect(answer.status == 400 && answer.contentType == "application/problem+json")
            let errors = answer.json["errors"] as? [[String: Any]]
            #expect(errors?.contains { $0["pointer"] as? String == pointer } == true, "\(String(decoding: answer.body, as: UTF8.self))")
        }
    }

    @Test func queriesAreBoundedInSizeAndDepth() async throws {
        try await APIHarness.withAPI(.sqlite) { (client: APIClient) async throws in
            var deep: Any = ["gene": "ARHGAP5"]
            for _ in 0..<9 { deep = ["not": deep] }
            let tooDeep = try await client.post("/v1/search", String(decoding: try JSONSerialization.data(withJSONObject: ["query": deep]), as: UTF8.self))
            #expect(tooDeep.status == 400 && (tooDeep.json["errors"] as? [[String: Any]])?.first?["pointer"] as? String == "/query" + String(repeating: "/not", count: 8))
            let wide = ["query": ["or": Array(repeating: ["gene": "ARHGAP5"], count: 70)]]
            let tooWide = try await client.post("/v1/search", String(decoding: try JSONSerialization.data(withJSONObject: wide), as: UTF8.self))
            #expect(tooWide.status == 400 && (tooWide.json["errors"] as? [[String: Any]])?.first?["pointer"] as? String == "/query/or/63")
            let huge = try await client.post("/v1/search", #"{"query": {"gene": ""# + String(repeating: "A", count: 70_000) + #""}}"#)
            #expect(huge.status == 413 && huge.contentType == "application/problem+json")
        }
    }
}
