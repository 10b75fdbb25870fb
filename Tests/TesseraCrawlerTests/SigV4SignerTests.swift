import Foundation
import Testing
@testable import TesseraCrawler

/// The worked examples of AWS's S3 documentation ("Signature Calculations for the Authorization Header:
/// Transferring Payload in a Single Chunk"), which share one key pair, date and bucket.
@Suite struct SigV4SignerTests {
    let signer = SigV4Signer(credentials: AWSCredentials(accessKeyID: "AKIAIOSFODNN7EXAMPLE",
                                                         secretAccessKey: "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY"),
                             region: "us-east-1")
    let date = Date(timeIntervalSince1970: 1_369_353_600)  // 2013-05-24T00:00:00Z
    let host = ["Host": "examplebucket.s3.amazonaws.com"]

    func signature(_ headers: [String: String]) -> String? {
        headers["Authorization"]?.components(separatedBy: "Signature=").last
    }

    @Test func getObjectWithARange() {
        let headers = signer.sign(method: "GET", path: "/test.txt", query: [], headers: host.merging(["Range": "bytes=0-9"]) { $1 }, date: date)
        #expect(headers["x-amz-date"] == "20130524T000000Z")
        #expect(headers["Authorization"]?.hasPrefix(
            "AWS4-HMAC-SHA256 Credential=AKIAIOSFODNN7EXAMPLE/20130524/us-east-1/s3/aws4_request, SignedHeaders=host;range;x-amz-content-sha256;x-amz-date, ") == true)
        #expect(signature(headers) == "f0e8bdb87c964420e857bd35b5d6ed310bd44f0170aba48dd91039c6036bdb41")
    }

    @Test func getABucketSubresource() {
        let headers = signer.sign(method: "GET", path: "/", query: [("lifecycle", "")], headers: host, date: date)
        #expect(signature(headers) == "fea454ca298b7da1c68078a5d1bdbfbbe0d65c699e0f91ac7a200a0136783543")
    }

    @Test func listObjectsWithAQuery() {
        let headers = signer.sign(method: "GET", path: "/", query: [("prefix", "J"), ("max-keys", "2")], headers: host, date: date)
        #expect(signature(headers) == "34b48302e7b5fa45bde8084f4b7868a86f0a534bc59db6670ed5711ef69dc6f7")
    }

    @Test func keysAndQueriesAreEncodedAsS3CanonicalisesThem() {
        #expect(SigV4Signer.encodedPath("/bucket/Tonsil 1.zarr/a+b (1)/0") == "/bucket/Tonsil%201.zarr/a%2Bb%20%281%29/0")
        #expect(SigV4Signer.encodedPath("/idr/ü") == "/idr/%C3%BC")
        #expect(SigV4Signer.encodedQuery([("prefix", "a/b c"), ("delimiter", "/"), ("list-type", "2")])
                == "delimiter=%2F&list-type=2&prefix=a%2Fb%20c")
    }

    @Test func temporaryCredentialsSignTheirToken() {
        let session = SigV4Signer(credentials: AWSCredentials(accessKeyID: "AKID", secretAccessKey: "secret", sessionToken: "token"),
                                  region: "eu-west-2")
        let headers = session.sign(method: "GET", path: "/x", query: [], headers: ["host": "s3.example"], date: date)
        #expect(headers["x-amz-security-token"] == "token")
        #expect(headers["Authorization"]?.contains("SignedHeaders=host;x-amz-content-sha256;x-amz-date;x-amz-security-token") == true)
    }
}
