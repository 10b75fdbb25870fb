import Foundation

/// Where S3 requests go and how buckets are addressed: virtual-hosted (`bucket.host/key`, AWS's default) or
/// path-style (`host/bucket/key`, what MinIO, Ceph RGW, SeaweedFS and most private endpoints expect).
public struct S3Endpoint: Sendable, Hashable {
    public enum Addressing: String, Sendable, CaseIterable {
        case path, virtual
    }

    public var scheme: String
    public var host: String
    public var port: Int?
    public var region: String
    public var addressing: Addressing

    /// - Parameters:
    ///   - url: a custom endpoint (`http://127.0.0.1:8333`, `https://uk1s3.embassy.ebi.ac.uk`); AWS's regional
    ///     endpoint when `nil`.
    ///   - addressing: defaults to virtual-hosted on AWS and path-style elsewhere.
    public init(url: String?, region: String, addressing: Addressing? = nil) throws {
        let text = url ?? "https://s3.\(region).amazonaws.com"
        guard let components = URLComponents(string: text), let scheme = components.scheme?.lowercased(),
              ["http", "https"].contains(scheme), let host = components.host, !host.isEmpty,
              components.path.isEmpty || components.path == "/" else {
            throw S3Error.configuration("endpoint URL \"\(text)\" is not of the form http(s)://host[:port]")
        }
        self.scheme = scheme
        self.host = host
        self.port = components.port
        self.region = region
        self.addressing = addressing ?? (url == nil ? .virtual : .path)
    }

    /// `host[:port]`, the port only when it is not the scheme's default (as SigV4 signs it).
    var authority: String {
        guard let port, port != (scheme == "https" ? 443 : 80) else { return host }
        return "\(host):\(port)"
    }

    /// The host and unencoded path addressing `key` in `bucket`. Buckets with dots cannot be virtual-hosted
    /// over TLS (the certificate does not cover them), so they fall back to path-style.
    public func address(bucket: String, key: String) -> (host: String, path: String) {
        if addressing == .virtual, !(scheme == "https" && bucket.contains(".")) {
            return ("\(bucket).\(authority)", "/" + key)
        }
        return (authority, "/\(bucket)/" + key)
    }

    /// The public URL of `key` (unencoded) in `bucket`, as clients will fetch it.
    public func url(bucket: String, key: String, query: [(String, String)] = []) -> String {
        let (host, path) = address(bucket: bucket, key: key)
        let encodedQuery = SigV4Signer.encodedQuery(query)
        return "\(scheme)://\(host)\(SigV4Signer.encodedPath(path))" + (encodedQuery.isEmpty ? "" : "?" + encodedQuery)
    }
}

/// `s3://bucket/prefix`, the way the AWS CLI names a place in a bucket.
public struct S3Location: Sendable, Hashable {
    public var bucket: String
    /// Empty, or ending in `/`.
    public var prefix: String

    public init(_ text: String) throws {
        guard text.hasPrefix("s3://") else { throw S3Error.configuration("\"\(text)\" is not an s3://bucket/prefix URL") }
        let rest = text.dropFirst("s3://".count)
        let bucket = String(rest.prefix { $0 != "/" })
        guard !bucket.isEmpty else { throw S3Error.configuration("\"\(text)\" names no bucket") }
        var prefix = String(rest.dropFirst(bucket.count).drop { $0 == "/" })
        if !prefix.isEmpty, !prefix.hasSuffix("/") { prefix += "/" }
        self.bucket = bucket
        self.prefix = prefix
    }
}
