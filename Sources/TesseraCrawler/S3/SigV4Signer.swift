import Crypto
import Foundation
import TesseraCore

/// Credentials for signed S3 requests (the standard `AWS_*` variables, or a profile of the shared file).
public struct AWSCredentials: Sendable, Hashable {
    public var accessKeyID: String
    public var secretAccessKey: String
    public var sessionToken: String?

    public init(accessKeyID: String, secretAccessKey: String, sessionToken: String? = nil) {
        self.accessKeyID = accessKeyID
        self.secretAccessKey = secretAccessKey
        self.sessionToken = sessionToken
    }
}

/// AWS Signature Version 4 for S3 requests, header form (docs.aws.amazon.com, "Signature Calculations for the
/// Authorization Header"). The request's path and query are given unencoded; the signer encodes them the
/// way S3 canonicalises them, and the caller must send exactly `encodedPath` and `encodedQuery`.
public struct SigV4Signer: Sendable {
    public let credentials: AWSCredentials
    public let region: String
    public let service: String

    /// S3 accepts this in place of a payload digest for GET requests over TLS or any GET without a body.
    public static let unsignedPayload = "UNSIGNED-PAYLOAD"
    /// The SHA-256 of an empty body, for GETs that sign their (empty) payload.
    public static let emptyPayload = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"

    public init(credentials: AWSCredentials, region: String, service: String = "s3") {
        self.credentials = credentials
        self.region = region
        self.service = service
    }

    /// The headers to add to a request: `Authorization`, `x-amz-date`, `x-amz-content-sha256` and, for
    /// temporary credentials, `x-amz-security-token`. `headers` are the request's other headers to sign;
    /// `host` must be among them (with the port when it is not the scheme's default).
    public func sign(method: String, path: String, query: [(String, String)], headers: [String: String],
                     payloadHash: String = SigV4Signer.emptyPayload, date: Date) -> [String: String] {
        let (amzDate, day) = Self.timestamps(date)
        var signed = Dictionary(uniqueKeysWithValues: headers.map { ($0.key.lowercased(), Self.trim($0.value)) })
        signed["x-amz-date"] = amzDate
        signed["x-amz-content-sha256"] = payloadHash
        if let token = credentials.sessionToken { signed["x-amz-security-token"] = token }
        let names = signed.keys.sorted()
        let canonicalRequest = [
            method,
            Self.encodedPath(path),
            Self.encodedQuery(query),
            names.map { "\($0):\(signed[$0]!)\n" }.joined(),
            names.joined(separator: ";"),
            payloadHash,
        ].joined(separator: "\n")
        let scope = "\(day)/\(region)/\(service)/aws4_request"
        let stringToSign = ["AWS4-HMAC-SHA256", amzDate, scope, Digits.hex(SHA256.hash(data: Data(canonicalRequest.utf8)))]
            .joined(separator: "\n")
        var key = SymmetricKey(data: Data("AWS4\(credentials.secretAccessKey)".utf8))
        for part in [day, region, service, "aws4_request"] {
            key = SymmetricKey(data: Data(HMAC<SHA256>.authenticationCode(for: Data(part.utf8), using: key)))
        }
        let signature = Digits.hex(HMAC<SHA256>.authenticationCode(for: Data(stringToSign.utf8), using: key))
        var added = [
            "Authorization": "AWS4-HMAC-SHA256 Credential=\(credentials.accessKeyID)/\(scope), SignedHeaders=\(names.joined(separator: ";")), Signature=\(signature)",
            "x-amz-date": amzDate,
            "x-amz-content-sha256": payloadHash,
        ]
        added["x-amz-security-token"] = credentials.sessionToken
        return added
    }

    /// Each path segment URI-encoded once (RFC 3986 unreserved characters kept), `/` kept between segments.
    public static func encodedPath(_ path: String) -> String {
        ObjectPath.encode(path.hasPrefix("/") ? path : "/" + path)
    }

    /// Names and values URI-encoded (`/` too), sorted by name then value, joined with `&`.
    public static func encodedQuery(_ query: [(String, String)]) -> String {
        let encoded: [(name: String, value: String)] = query.map { (uriEncode($0.0), uriEncode($0.1)) }
        let sorted = encoded.sorted { left, right in left.name == right.name ? left.value < right.value : left.name < right.name }
        return sorted.map { pair in pair.name + "=" + pair.value }.joined(separator: "&")
    }

    static func uriEncode(_ text: String) -> String {
        ObjectPath.encodeSegment(text)
    }

    /// Header values are trimmed and inner runs of spaces collapse to one.
    private static func trim(_ value: String) -> String {
        value.split(separator: " ", omittingEmptySubsequences: true).joined(separator: " ")
    }

    /// `20150830T123600Z` and `20150830`, in UTC.
    private static func timestamps(_ date: Date) -> (String, String) {
        var seconds = time_t(date.timeIntervalSince1970.rounded(.down))
        var utc = tm()
        gmtime_r(&seconds, &utc)
        let day = Digits.padded(utc.tm_year + 1900, width: 4) + Digits.padded(utc.tm_mon + 1, width: 2)
            + Digits.padded(utc.tm_mday, width: 2)
        let time = [utc.tm_hour, utc.tm_min, utc.tm_sec].map { Digits.padded($0, width: 2) }.joined()
        return (day + "T" + time + "Z", day)
    }

    /// The SHA-256 of a body, as `x-amz-content-sha256` carries it for requests that sign their payload.
    public static func hex(of body: Data) -> String {
        Digits.hex(SHA256.hash(data: body))
    }
}
