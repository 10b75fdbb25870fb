import Foundation
import Hummingbird
import NIOCore
import Testing
import TesseraAPI
import TesseraCore
import TesseraCrawler
import TesseraTesting

/// Ranged GETs against servers that do not answer 206: the whole object with 200 (some static hosts), or
/// only the range with 200 and a Content-Range (rclone's S3 server).
@Suite struct PublishedObjectFetcherTests {
    static let object = Data((0..<100).map { UInt8($0) })

    @Test func rangesAreRightWhateverStatusTheServerAnswers() async throws {
        let router = Router(context: APIRequestContext.self)
        router.get("/whole") { _, _ in Response(status: .ok, body: .init(byteBuffer: ByteBuffer(data: Self.object))) }
        router.get("/partial") { request, _ in
            // Only the suffix or prefix asked for, as rclone sends it.
            let header = request.headers[.range] ?? ""
            let slice = header.hasPrefix("bytes=-") ? Self.object.suffix(Int(header.dropFirst(7))!) : Self.object.prefix(10)
            var headers = HTTPFields()
            headers[.contentRange] = "bytes \(100 - slice.count)-99/100"
            return Response(status: .ok, headers: headers, body: .init(byteBuffer: ByteBuffer(data: Data(slice))))
        }
        try await LiveServer.run(router) { (client: APIClient) async throws in
            let base = "http://127.0.0.1:\(client.port)"
            let fetcher = PublishedObjectFetcher()
            #expect(try await fetcher.fetch(base + "/whole", range: .suffix(8)) == Self.object.suffix(8))
            #expect(try await fetcher.fetch(base + "/whole", range: .prefix(8)) == Self.object.prefix(8))
            #expect(try await fetcher.fetch(base + "/partial", range: .suffix(8)) == Self.object.suffix(8))
        }
    }
}
