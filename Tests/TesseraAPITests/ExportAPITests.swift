import Foundation
import HTTPTypes
import Testing
import TesseraAPI
import TesseraTesting

/// Lists as NDJSON, CSV and TSV: chosen by `format=` or `Accept`, the whole list streamed page by page.
@Suite struct ExportAPITests {
    /// Exports read five rows at a time here, so every export below spans several catalog pages.
    static func options() -> APIOptions {
        var options = APIHarness.options()
        options.exportPageSize = 5
        return options
    }

    /// CSV records (RFC 4180: quoted cells may hold commas, quotes and line breaks).
    static func csvRecords(_ text: String) -> [[String]] {
        var records: [[String]] = [], record: [String] = [], cell = ""
        var quoted = false, closedQuote = false
        for character in text {
            if quoted {
                if character == "\"" { quoted = false; closedQuote = true } else { cell.append(character) }
                continue
            }
            switch character {
            case "\"":
                // A quote right after a closing one is an escaped quote inside the cell.
                if closedQuote { cell.append("\"") }
                quoted = true
            case ",": record.append(cell); cell = ""
            case "\r\n", "\n": record.append(cell); records.append(record); record = []; cell = ""
            default: cell.append(character)
            }
            closedQuote = false
        }
        return records
    }

    @Test(arguments: TestBackend.available)
    func everyFormatHoldsTheWholeListInOrder(backend: TestBackend) async throws {
        try await APIHarness.withAPI(backend, options: Self.options()) { (client: APIClient) async throws in
            let images = try await client.getAll("/v1/images?limit=7")
            let ids = images.compactMap { $0["id"] as? String }
            #expect(ids.count > 15)

            let ndjson = try await client.execute(uri: "/v1/images", method: .get, headers: [.accept: "application/x-ndjson"])
            #expect(ndjson.headers[.contentType] == "application/x-ndjson")
            let lines = String(buffer: ndjson.body).split(separator: "\n").map { try? JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any] }
            #expect(lines.map { $0?["id"] as? String } == ids)
            #expect(lines.first??["chunk_url_template"] as? String == images.first?["chunk_url_template"] as? String)

            let csv = try await client.get("/v1/images?format=csv")
            #expect(csv.contentType?.hasPrefix("text/csv") == true)
            let records = Self.csvRecords(String(decoding: csv.body, as: UTF8.self))
            let header = try #require(records.first)
            #expect(header.contains("chunk_url_template") && header.contains("shape") && header.contains("zarr_url"))
            #expect(records.dropFirst().map { $0[0] } == ids)
            let template = try #require(header.firstIndex(of: "chunk_url_template"))
            #expect(records.dropFirst().map { $0[template] } == images.map { $0["chunk_url_template"] as? String ?? "" })
            #expect(records.dropFirst().allSatisfy { $0.count == header.count })

            // `format=` wins over Accept; a quality of 0 refuses a type.
            let tsv = try await client.execute(uri: "/v1/images?format=tsv", method: .get, headers: [.accept: "text/csv"])
            #expect(tsv.headers[.contentType]?.hasPrefix("text/tab-separated-values") == true)
            #expect(String(buffer: tsv.body).split(separator: "\n").dropFirst().map { String($0.split(separator: "\t", omittingEmptySubsequences: false)[0]) } == ids)
            let preferred = try await client.execute(uri: "/v1/studies", method: .get, headers: [.accept: "text/csv;q=0, text/tab-separated-values;q=0.5, application/json;q=0.1"])
            #expect(preferred.headers[.contentType]?.hasPrefix("text/tab-separated-values") == true)
            #expect(try await client.get("/v1/images?format=xlsx").status == 400)
            let refused = try await client.execute(uri: "/v1/studies", method: .get, headers: [.accept: "image/png"])
            #expect(refused.status == .notAcceptable && refused.headers[.contentType] == "application/problem+json")
            #expect(try await client.execute(uri: "/v1/studies", method: .get, headers: [.accept: "application/json;q=0"]).status == .notAcceptable)

            // An export starts at the cursor it is given; a search exports every page of its level.
            let page = try await client.get("/v1/images?limit=4").json
            let rest = try await client.get("/v1/images?format=ndjson&cursor=\(try #require(page["next_cursor"] as? String))")
            #expect(String(decoding: rest.body, as: UTF8.self).split(separator: "\n").count == ids.count - 4)
            let wells = try await client.post("/v1/search?format=csv", #"{"level": "well"}"#)
            let wellsAsJSON = try await SearchAPITests.searchAll(client, ["level": "well"]).items
            #expect(Self.csvRecords(String(decoding: wells.body, as: UTF8.self)).dropFirst().map { $0[0] } == wellsAsJSON.compactMap { $0["id"] as? String })
            #expect(try await client.post("/v1/search?format=csv", #"{"include": ["chunks"]}"#).status == 400)
        }
    }

    @Test func cellsThatASpreadsheetWouldRunAreEscaped() async throws {
        // Given a study whose curated title starts like a formula
        let bucket = try Fixtures.copyOfExamples()
        let studyFile = bucket.appendingPathComponent("idr0028-pascualvargas-rhogtpases/idr0028-study.txt")
        let text = try String(contentsOf: studyFile, encoding: .utf8)
            .replacingOccurrences(of: "Study Title\tRNAi screens", with: "Study Title\t=HYPERLINK(\"http://evil.example\"),RNAi screens")
        try text.write(to: studyFile, atomically: true, encoding: .utf8)
        try await APIHarness.withAPI(.sqlite, bucket: bucket.path) { (client: APIClient) async throws in
            let csv = String(decoding: try await client.get("/v1/studies?format=csv").body, as: UTF8.self)
            let title = Self.csvRecords(csv).first { $0.first == "idr0028" }?[2]
            #expect(title == "'=HYPERLINK(\"http://evil.example\"),RNAi screens for Rho GTPase regulators of cell shape and YAP/TAZ localisation in triple negative breast cancer.")
            let tsv = String(decoding: try await client.get("/v1/studies?format=tsv").body, as: UTF8.self)
            #expect(tsv.contains("\t'=HYPERLINK(\"http://evil.example\"),RNAi screens"))
            // JSON keeps the value as curated.
            #expect(try await client.get("/v1/studies").items.first?["title"] as? String == "=HYPERLINK(\"http://evil.example\"),RNAi screens for Rho GTPase regulators of cell shape and YAP/TAZ localisation in triple negative breast cancer.")
        }
    }
}
