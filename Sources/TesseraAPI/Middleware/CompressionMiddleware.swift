import CompressNIO
import Hummingbird
import NIOCore

/// gzip for clients that accept it: JSON, problems, NDJSON, CSV and TSV answers of a kilobyte or more (or of
/// unknown length: streamed lists compress as they stream). Objects under `/data/` are served as stored.
struct CompressionMiddleware<Context: RequestContext>: RouterMiddleware {
    static var minimumSize: Int { 1024 }
    static var compressible: [String] { ["application/json", "application/problem+json", "application/x-ndjson", "text/csv", "text/tab-separated-values"] }

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        var response = try await next(request, context)
        guard Self.acceptsGzip(request.headers[.acceptEncoding] ?? ""), response.headers[.contentEncoding] == nil,
              let type = response.headers[.contentType], Self.compressible.contains(where: type.hasPrefix),
              (response.body.contentLength ?? Int.max) >= Self.minimumSize else {
            return response
        }
        response.headers[.contentEncoding] = "gzip"
        response.headers[.contentLength] = nil
        response.headers[.vary] = response.headers[.vary].map { $0.contains("Accept-Encoding") ? $0 : $0 + ", Accept-Encoding" } ?? "Accept-Encoding"
        let body = response.body
        response.body = ResponseBody { writer in
            try await body.write(GzipWriter(parent: writer))
        }
        return response
    }

    static func acceptsGzip(_ header: String) -> Bool {
        QualityList.acceptable(header).contains { $0 == "gzip" || $0 == "*" }
    }
}

/// Compresses what is written through it into its parent writer, a window at a time.
private struct GzipWriter: ResponseBodyWriter {
    var parent: any ResponseBodyWriter
    let compressor: NIOCompressor

    init(parent: any ResponseBodyWriter) {
        self.parent = parent
        compressor = CompressionAlgorithm.gzip().compressor
        compressor.window = ByteBufferAllocator().buffer(capacity: 64 * 1024)
        // A new zlib stream cannot fail to start but for lack of memory, which traps anyway.
        try? compressor.startStream()
    }

    mutating func write(_ buffer: ByteBuffer) async throws {
        var input = buffer
        var parent = self.parent
        try await input.compressStream(with: compressor, flush: .no) { try await parent.write($0) }
        self.parent = parent
    }

    consuming func finish(_ trailingHeaders: HTTPFields?) async throws {
        var empty = ByteBuffer()
        var parent = self.parent
        try await empty.compressStream(with: compressor, flush: .finish) { try await parent.write($0) }
        try compressor.finishStream()
        try await parent.finish(trailingHeaders)
    }
}
