import AsyncHTTPClient
import Foundation
import NIOCore
import NIOFoundationCompat
import TesseraCore

/// Fetches published objects: `file://` URLs and URLs under a mirrored base from disk, others over HTTP(S).
public struct PublishedObjectFetcher: ObjectFetcher {
    /// Public base URLs whose objects are also in a local folder (the demo publishes `Examples/` this way).
    let mirrors: [(base: String, folder: URL)]
    let http: HTTPClient
    /// Shard indexes are small; anything larger than this is not a shard index.
    static let maximumBody = 64 * 1024 * 1024

    public init(mirrors: [String: String] = [:], http: HTTPClient = .shared) {
        self.mirrors = mirrors.map { ($0.key, URL(fileURLWithPath: $0.value, isDirectory: true).standardizedFileURL) }
        self.http = http
    }

    public func fetch(_ url: String, range: FetchRange?) async throws -> Data? {
        if let file = localFile(url) { return try Self.read(file, range: range) }
        var request = HTTPClientRequest(url: url)
        if let range { request.headers.add(name: "Range", value: range.header) }
        let response = try await http.execute(request, timeout: .seconds(30))
        switch response.status.code {
        case 404: return nil
        case 200, 206:
            let body = Data(buffer: try await response.body.collect(upTo: Self.maximumBody))
            // Some servers answer a ranged GET with 200 and the whole object: cut the range out here. Others
            // (rclone) answer 200 with only the range, which their Content-Range gives away.
            let partial = response.status.code == 206 || response.headers.first(name: "content-range") != nil
            return partial ? body : Self.slice(body, range: range)
        default:
            throw FetchError.status(url: url, code: Int(response.status.code))
        }
    }

    private func localFile(_ url: String) -> URL? {
        if url.hasPrefix("file://") { return URL(string: url).map { URL(fileURLWithPath: $0.path) } }
        for (base, folder) in mirrors where url.hasPrefix(base) {
            guard let key = String(url.dropFirst(base.count)).removingPercentEncoding else { return nil }
            let file = folder.appendingPathComponent(key).standardizedFileURL
            return file.path.hasPrefix(folder.path + "/") ? file : nil
        }
        return nil
    }

    private static func read(_ file: URL, range: FetchRange?) throws -> Data? {
        guard let handle = try? FileHandle(forReadingFrom: file) else { return nil }
        defer { try? handle.close() }
        let size = Int64(try handle.seekToEnd())
        let start: Int64, count: Int64
        switch range {
        case nil: (start, count) = (0, size)
        case .prefix(let length)?: (start, count) = (0, min(length, size))
        case .suffix(let length)?: (start, count) = (max(0, size - length), min(length, size))
        }
        try handle.seek(toOffset: UInt64(start))
        return try handle.read(upToCount: Int(count)) ?? Data()
    }

    private static func slice(_ body: Data, range: FetchRange?) -> Data {
        switch range {
        case nil: return body
        case .prefix(let length)?: return body.prefix(Int(length))
        case .suffix(let length)?: return body.suffix(Int(length))
        }
    }
}

public enum FetchError: Error, CustomStringConvertible {
    case status(url: String, code: Int)

    public var description: String {
        switch self {
        case .status(let url, let code): return "GET \(url) answered \(code)"
        }
    }
}
