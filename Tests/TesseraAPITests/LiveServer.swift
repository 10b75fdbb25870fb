import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import NIOCore
import ServiceLifecycle
import TesseraAPI
import TesseraTesting

/// Serves a router on a free 127.0.0.1 port for the duration of `body`, which talks to it over real HTTP.
///
/// HummingbirdTesting's live mode gives up on an answer after 20 s without a byte; with every suite running at
/// once on two cores (crawls, S3 and PostgreSQL servers, the CLI in subprocesses) a healthy answer can take that
/// long. This waits up to `timeout`, so a slow machine is not mistaken for a hung server.
enum LiveServer {
    static func run<T: Sendable>(_ router: Router<APIRequestContext>, timeout: Duration = .seconds(180),
                                 _ body: @Sendable (APIClient) async throws -> T) async throws -> T {
        let (ports, portSink) = AsyncStream.makeStream(of: Int.self)
        let app = Application(router: router, configuration: .init(address: .hostname("127.0.0.1", port: 0)),
                              onServerRunning: { channel in
                                  portSink.yield(channel.localAddress?.port ?? 0)
                                  portSink.finish()
                              },
                              logger: Fixtures.logger)
        let services = ServiceGroup(configuration: .init(services: [app], logger: Fixtures.logger))
        return try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { try await services.run() }
            var iterator = ports.makeAsyncIterator()
            guard let port = await iterator.next() else { throw CancellationError() }
            let client = TestClient(host: "127.0.0.1", port: port, configuration: .init(timeout: timeout))
            client.connect()
            let result: Result<T, any Error>
            do {
                result = .success(try await body(APIClient(client: client, port: port)))
            } catch {
                result = .failure(error)
            }
            try? await client.shutdown()
            await services.triggerGracefulShutdown()
            try await group.waitForAll()
            return try result.get()
        }
    }
}

/// One keep-alive connection to a `LiveServer`.
struct APIClient: Sendable {
    let client: TestClient
    let port: Int

    func execute(uri: String, method: HTTPRequest.Method, headers: HTTPFields = [:], body: ByteBuffer? = nil) async throws -> Reply {
        var headers = headers
        headers[.connection] = "keep-alive"
        let response = try await client.execute(TestClient.Request(uri, method: method, authority: "localhost", headers: headers, body: body))
        return Reply(status: response.status, headers: response.headers, body: response.body ?? ByteBuffer())
    }
}

struct Reply: Sendable {
    let status: HTTPResponse.Status
    let headers: HTTPFields
    let body: ByteBuffer
}
