import Foundation
import Testing
import TesseraTesting
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// `POST /v1/crawls` on `tessera serve`: configured jobs, started by holders of the admin token only.
@Suite struct CrawlsOverHTTPTests {
    static let token = "s3cret-admin-token-\(UUID().uuidString)"

    static func send(_ method: String, _ url: String, token: String? = nil, body: String? = nil) async throws -> (status: Int, response: HTTPURLResponse, json: [String: Any]) {
        var request = URLRequest(url: URL(string: url)!)
        request.httpMethod = method
        request.httpBody = body.map { Data($0.utf8) }
        if let token { request.setValue("Bearer \(token)", forHTTPHeaderField: "Authorization") }
        let (data, response) = try await URLSession.shared.data(for: request)
        let http = try #require(response as? HTTPURLResponse)
        return (http.statusCode, http, (try? JSONSerialization.jsonObject(with: data) as? [String: Any]) ?? [:])
    }

    @Test func anAdminStartsAConfiguredCrawlAndFollowsItsRun() async throws {
        let folder = try Fixtures.temporaryFolder()
        let database = "sqlite:\(folder.path)/catalog.sqlite"
        #expect(try await TesseraProcess.run(["migrate", "--db", database]).status == 0)
        let port = try Ports.free()
        let base = "http://127.0.0.1:\(port)"
        let server = try TesseraProcess(["serve", "--db", database, "--port", String(port),
                                         "--crawl-job", "examples=\(Fixtures.examples) --public-base-url 'http://data.example/bucket/'"],
                                        environment: ["TESSERA_ADMIN_TOKEN": Self.token])
        defer { if server.process.isRunning { server.process.terminate() } }
        _ = try await CommandLineTests.getJSON(base + "/healthz", waitingFor: server)
        let jobURL = base + "/v1/crawls"

        // Without the token, or with another, nothing starts.
        let anonymous = try await Self.send("POST", jobURL, body: #"{"job": "examples"}"#)
        #expect(anonymous.status == 401 && anonymous.response.value(forHTTPHeaderField: "WWW-Authenticate")?.hasPrefix("Bearer") == true)
        #expect(try await Self.send("POST", jobURL, token: "guess", body: #"{"job": "examples"}"#).status == 401)
        #expect(try await Self.send("POST", jobURL, token: Self.token, body: #"{"job": "elsewhere"}"#).status == 404)
        #expect(try await Self.send("POST", jobURL, token: Self.token, body: #"{"job": 1}"#).status == 400)
        #expect((try await Self.send("GET", jobURL).json["items"] as? [Any])?.isEmpty == true)

        // With it, the job runs and its run can be followed.
        let started = try await Self.send("POST", jobURL, token: Self.token, body: #"{"job": "examples"}"#)
        #expect(started.status == 202, "\(started.json)")
        let run = try #require(started.json["id"] as? Int)
        #expect(started.response.value(forHTTPHeaderField: "Location") == "/v1/crawls/\(run)")
        var status = started.json["status"] as? String
        let deadline = Date().addingTimeInterval(120)
        while status == "running", Date() < deadline {
            try await Task.sleep(for: .milliseconds(200))
            status = try await Self.send("GET", base + "/v1/crawls/\(run)").json["status"] as? String
        }
        #expect(status == "succeeded")
        let studies = try await Self.send("GET", base + "/v1/studies").json["items"] as? [[String: Any]]
        #expect(studies?.map { $0["url"] as? String } == ["http://data.example/bucket/idr0028-pascualvargas-rhogtpases",
                                                           "http://data.example/bucket/idr0038-held-kidneylightsheet",
                                                           "http://data.example/bucket/idr0094-ellinger-sarscov2"])
        // The token is never returned or logged.
        let runs = try await Self.send("GET", jobURL)
        #expect(!"\(runs.json)".contains(Self.token))
        server.interrupt()
        _ = try await server.wait(timeout: 30)
        #expect(!server.stderr.contains(Self.token) && !server.stdout.contains(Self.token))
        #expect(server.stderr.contains("crawl"))
    }

    @Test func aServerWithoutTheTokenStartsNoCrawls() async throws {
        let folder = try Fixtures.temporaryFolder()
        let database = "sqlite:\(folder.path)/catalog.sqlite"
        #expect(try await TesseraProcess.run(["migrate", "--db", database]).status == 0)
        let port = try Ports.free()
        let server = try TesseraProcess(["serve", "--db", database, "--port", String(port), "--crawl-job", "examples=\(Fixtures.examples)"],
                                        environment: ["TESSERA_ADMIN_TOKEN": ""])
        defer { if server.process.isRunning { server.process.terminate() } }
        _ = try await CommandLineTests.getJSON("http://127.0.0.1:\(port)/healthz", waitingFor: server)
        let refused = try await Self.send("POST", "http://127.0.0.1:\(port)/v1/crawls", token: "", body: #"{"job": "examples"}"#)
        #expect(refused.status == 403 && (refused.json["detail"] as? String)?.contains("TESSERA_ADMIN_TOKEN") == true)
    }
}
