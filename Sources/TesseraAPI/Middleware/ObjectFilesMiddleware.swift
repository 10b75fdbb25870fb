import Foundation
import Hummingbird

/// Serves a folder read-only under a URL prefix, as an object store would: GET and HEAD, single byte ranges
/// including suffix ranges, 404 for what is not a file, and nothing outside the folder.
struct ObjectFilesMiddleware<Context: RequestContext>: RouterMiddleware {
    let root: URL
    let prefix: String
    let fileIO = FileIO()

    init(folder: String, prefix: String) {
        self.root = URL(fileURLWithPath: folder, isDirectory: true).standardizedFileURL.resolvingSymlinksInPath()
        self.prefix = prefix.hasSuffix("/") ? prefix : prefix + "/"
    }

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        let path = request.uri.path
        guard path.hasPrefix(prefix), request.method == .get || request.method == .head else {
            return try await next(request, context)
        }
        guard let key = String(path.dropFirst(prefix.count)).removingPercentEncoding, let file = resolve(key),
              let attributes = try? FileManager.default.attributesOfItem(atPath: file.path),
              attributes[.type] as? FileAttributeType == .typeRegular,
              let size = (attributes[.size] as? NSNumber)?.intValue else {
            throw Problem.notFound("no object at \(path)")
        }
        var headers = HTTPFields()
        headers[.acceptRanges] = "bytes"
        headers[.contentType] = "application/octet-stream"
        var range = size > 0 ? 0...(size - 1) : nil
        var status = HTTPResponse.Status.ok
        if let header = request.headers[.range] {
            switch ByteRange.resolve(header, size: size) {
            case .partial(let bytes):
                range = bytes
                status = .partialContent
                headers[.contentRange] = "bytes \(bytes.lowerBound)-\(bytes.upperBound)/\(size)"
            case .unsatisfiable:
                headers[.contentRange] = "bytes */\(size)"
                return Response(status: .rangeNotSatisfiable, headers: headers)
            case .ignored:
                break
            }
        }
        headers[.contentLength] = String(range.map(\.count) ?? 0)
        guard request.method == .get, let range else { return Response(status: status, headers: headers) }
        return Response(status: status, headers: headers, body: try await fileIO.loadFile(path: file.path, range: range, context: context))
    }

    /// The file a key names, if it lies inside the folder (after resolving `..` and symbolic links).
    private func resolve(_ key: String) -> URL? {
        let file = root.appendingPathComponent(key).standardizedFileURL.resolvingSymlinksInPath()
        return file.path.hasPrefix(root.path + "/") ? file : nil
    }
}
