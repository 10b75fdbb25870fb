import NIOFoundationCompat
import Foundation
import Testing
import TesseraTesting
@testable import TesseraAPI

@Suite struct ObjectFilesTests {
    @Test(arguments: [
        ("bytes=0-9", 100, ByteRange.Outcome.partial(0...9)),
        ("bytes=90-", 100, .partial(90...99)),
        ("bytes=-20", 100, .partial(80...99)),
        ("bytes=-500", 100, .partial(0...99)),
        ("bytes=95-200", 100, .partial(95...99)),
        ("bytes=100-", 100, .unsatisfiable),
        ("bytes=-0", 100, .unsatisfiable),
        ("bytes=0-1,5-6", 100, .ignored),
        ("items=0-1", 100, .ignored),
        ("bytes=9-2", 100, .ignored),
    ])
    func byteRangesResolveAsObjectStoresDo(header: String, size: Int, expected: ByteRange.Outcome) {
        #expect(ByteRange.resolve(header, size: size) == expected)
    }

    @Test func theDataRouteServesObjectsWithRanges() async throws {
        let key = "idr0094-ellinger-sarscov2/screenA/ESP0025769.ome.zarr/A/1/0/s0/c/0/0/0"
        let bytes = try Data(contentsOf: URL(fileURLWithPath: Fixtures.examples + "/" + key))
        try await APIHarness.withAPI(.sqlite) { client in
            let whole = try await client.get("/data/" + key)
            #expect(whole.status == 200 && whole.body == bytes)
            // A shard index is read with a suffix range: the last bytes of the object.
            let suffix = try await client.execute(uri: "/data/" + key, method: .get, headers: [.range: "bytes=-20"])
            #expect(suffix.status == .partialContent)
            #expect(Data(buffer: suffix.body) == bytes.suffix(20))
            #expect(suffix.headers[.contentRange] == "bytes \(bytes.count - 20)-\(bytes.count - 1)/\(bytes.count)")
            let middle = try await client.execute(uri: "/data/" + key, method: .get, headers: [.range: "bytes=10-19"])
            #expect(Data(buffer: middle.body) == bytes[10..<20])
            let beyond = try await client.execute(uri: "/data/" + key, method: .get, headers: [.range: "bytes=999999-"])
            #expect(beyond.status == .rangeNotSatisfiable)
            let head = try await client.execute(uri: "/data/" + key, method: .head)
            #expect(head.status == .ok && head.headers[.contentLength] == String(bytes.count))
            // Folders, missing objects and paths that leave the folder are not found.
            for path in ["/data/idr0094-ellinger-sarscov2", "/data/nothing", "/data/%2e%2e/Package.swift", "/data/../Package.swift"] {
                #expect(try await client.get(path).status == 404, "\(path)")
            }
        }
    }
}
