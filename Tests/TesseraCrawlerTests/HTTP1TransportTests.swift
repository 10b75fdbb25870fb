import Testing
@testable import TesseraCrawler

@Suite struct HTTP1TransportTests {
    typealias Origin = HTTP1Transport.Origin

    @Test(arguments: [
        ("http://127.0.0.1:9000/bucket/a%20b.zarr/zarr.json?x=1#part", Origin(secure: false, host: "127.0.0.1", port: 9000), "/bucket/a%20b.zarr/zarr.json?x=1"),
        ("https://example.org", Origin(secure: true, host: "example.org", port: 443), "/"),
        ("https://[::1]:8443?list-type=2", Origin(secure: true, host: "::1", port: 8443), "/?list-type=2"),
        ("http://[fe80::1]/", Origin(secure: false, host: "fe80::1", port: 80), "/"),
        ("http://host#only-a-fragment", Origin(secure: false, host: "host", port: 80), "/"),
        ("https://bücher.example/π.zarr", Origin(secure: true, host: "bücher.example", port: 443), "/π.zarr"),
    ])
    func splitsAURLIntoOriginAndTarget(url: String, origin: Origin, target: String) throws {
        let (foundOrigin, foundTarget) = try HTTP1Transport.split(url)
        #expect(foundOrigin == origin)
        #expect(foundTarget == target)
    }

    @Test(arguments: ["ftp://host/x", "http://host:0/", "http://host:65536/", "http://host:port/", "http://:80/", "https:///path", "host/path"])
    func refusesWhatIsNotAnHTTPURL(url: String) {
        #expect(throws: HTTPTransportError.self) { try HTTP1Transport.split(url) }
    }
}
