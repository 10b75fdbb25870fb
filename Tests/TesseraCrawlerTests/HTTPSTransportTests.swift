import Foundation
import NIOCore
import NIOHTTP1
import NIOPosix
import NIOSSL
import Testing
import TesseraTesting
@testable import TesseraCrawler

/// The crawler's HTTPS against a local TLS server whose certificate a test authority signed (Tests/Fixtures/tls,
/// made by scripts/make-test-certificates) for localhost and 127.0.0.1.
@Suite struct HTTPSTransportTests {
    static let tls = Fixtures.repositoryRoot.appendingPathComponent("Tests/Fixtures/tls")

    @Test func trustsTheGivenAuthorityByNameAndByAddress() async throws {
        try await withServer { port in
            let http = try CrawlHTTP(concurrency: 2, caBundle: Self.tls.appendingPathComponent("ca.pem").path, logger: Fixtures.logger)
            defer { Task { try await http.shutdown() } }
            for host in ["localhost", "127.0.0.1"] {
                let answer = try await http.send("GET") { CrawlRequest(url: "https://\(host):\(port)/doc.json") }
                #expect(answer.status == 200)
                #expect(String(decoding: answer.body, as: UTF8.self) == #"{"path":"/doc.json"}"#)
            }
            // Redirects are followed, relative ones against the origin.
            let moved = try await http.send("GET") { CrawlRequest(url: "https://localhost:\(port)/moved") }
            #expect(moved.status == 200 && String(decoding: moved.body, as: UTF8.self) == #"{"path":"/doc.json"}"#)
        }
    }

    @Test func refusesAServerTheSystemDoesNotTrust() async throws {
        try await withServer { port in
            let http = try CrawlHTTP(concurrency: 1, retry: RetryPolicy(attempts: 1), logger: Fixtures.logger)
            defer { Task { try await http.shutdown() } }
            let error = await #expect(throws: TransportError.self) {
                try await http.send("GET") { CrawlRequest(url: "https://localhost:\(port)/doc.json") }
            }
            #expect(error.map { "\($0)".contains("CERTIFICATE_VERIFY_FAILED") } == true)
        }
    }

    @Test func anUnreadableCABundleIsAClearError() {
        #expect(throws: HTTPTransportError.self) { try CrawlHTTP(caBundle: "/nonexistent/ca.pem", logger: Fixtures.logger) }
    }

    /// Runs `body` with a TLS server on 127.0.0.1 answering `/moved` with a redirect to `/doc.json`, and any
    /// other path with a JSON document naming it.
    private func withServer(_ body: (Int) async throws -> Void) async throws {
        let certificates = try NIOSSLCertificate.fromPEMFile(Self.tls.appendingPathComponent("server.pem").path)
        let key = try NIOSSLPrivateKey(file: Self.tls.appendingPathComponent("server-key.pem").path, format: .pem)
        let context = try NIOSSLContext(configuration: .makeServerConfiguration(certificateChain: certificates.map { .certificate($0) },
                                                                                privateKey: .privateKey(key)))
        let server = try await ServerBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .childChannelInitializer { channel in
                channel.eventLoop.makeCompletedFuture {
                    try channel.pipeline.syncOperations.addHandler(NIOSSLServerHandler(context: context))
                    try channel.pipeline.syncOperations.configureHTTPServerPipeline()
                    try channel.pipeline.syncOperations.addHandler(DocumentResponder())
                }
            }
            .bind(host: "127.0.0.1", port: 0).get()
        do {
            try await body(server.localAddress!.port!)
        } catch {
            try? await server.close()
            throw error
        }
        try await server.close()
    }
}

private final class DocumentResponder: ChannelInboundHandler, Sendable {
    typealias InboundIn = HTTPServerRequestPart
    typealias OutboundOut = HTTPServerResponsePart

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        guard case .head(let request) = unwrapInboundIn(data) else { return }
        var headers = HTTPHeaders()
        let body: ByteBuffer
        let status: HTTPResponseStatus
        if request.uri == "/moved" {
            status = .found
            headers.add(name: "Location", value: "/doc.json")
            body = ByteBuffer()
        } else {
            status = .ok
            body = ByteBuffer(string: #"{"path":"\#(request.uri)"}"#)
        }
        headers.add(name: "Content-Length", value: "\(body.readableBytes)")
        context.write(wrapOutboundOut(.head(HTTPResponseHead(version: .http1_1, status: status, headers: headers))), promise: nil)
        context.write(wrapOutboundOut(.body(.byteBuffer(body))), promise: nil)
        context.writeAndFlush(wrapOutboundOut(.end(nil)), promise: nil)
    }
}
