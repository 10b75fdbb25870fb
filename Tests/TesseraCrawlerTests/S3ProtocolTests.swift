import Foundation
import Testing
import TesseraCore
@testable import TesseraCrawler

/// The pieces of the S3 client that need no server: addressing, XML answers, credentials, backoff.
@Suite struct S3ProtocolTests {
    @Test func bucketsAreAddressedPathStyleOnPrivateEndpointsAndVirtualHostedOnAWS() throws {
        let aws = try S3Endpoint(url: nil, region: "eu-west-2")
        #expect(aws.url(bucket: "idr", key: "zarr/a b+(1).zarr/zarr.json")
                == "https://idr.s3.eu-west-2.amazonaws.com/zarr/a%20b%2B%281%29.zarr/zarr.json")
        // A dotted bucket cannot be virtual-hosted over TLS: its name would break the certificate match.
        #expect(aws.address(bucket: "my.bucket", key: "k").path == "/my.bucket/k")
        let ebi = try S3Endpoint(url: "https://uk1s3.embassy.ebi.ac.uk", region: "us-east-1")
        #expect(ebi.url(bucket: "idr", key: "zarr/v0.4/idr0062A/6001240.zarr/")
                == "https://uk1s3.embassy.ebi.ac.uk/idr/zarr/v0.4/idr0062A/6001240.zarr/")
        let local = try S3Endpoint(url: "http://127.0.0.1:8333", region: "us-east-1", addressing: .virtual)
        #expect(local.address(bucket: "b", key: "k") == ("b.127.0.0.1:8333", "/k"))
        #expect(throws: S3Error.self) { try S3Endpoint(url: "ftp://example.org", region: "us-east-1") }
        #expect(throws: S3Error.self) { try S3Endpoint(url: "https://example.org/some/path", region: "us-east-1") }
        #expect(try S3Location("s3://idr/zarr/v0.4") == S3Location("s3://idr/zarr/v0.4/"))
        #expect(try S3Location("s3://idr").prefix == "")
        #expect(throws: S3Error.self) { try S3Location("s3:///prefix") }
    }

    @Test func listPagesAreReadWithURLEncodedKeys() throws {
        let page = try S3XML.listPage(Data("""
            <?xml version="1.0" encoding="UTF-8"?>
            <ListBucketResult xmlns="http://s3.amazonaws.com/doc/2006-03-01/"><Name>b</Name><Prefix>p/</Prefix>
            <KeyCount>3</KeyCount><MaxKeys>2</MaxKeys><IsTruncated>true</IsTruncated><EncodingType>url</EncodingType>
            <NextContinuationToken>p/odd keys/100% done.txt</NextContinuationToken>
            <Contents><Key>p/odd+keys/plate+%281%29/%C3%A9%2B%C3%BC.txt</Key><LastModified>2026-11-29T09:00:00.000Z</LastModified>
            <ETag>&quot;0f343b0931126a20f133d67c2b018a3b&quot;</ETag><Size>24</Size><Owner><ID>x</ID></Owner></Contents>
            <CommonPrefixes><Prefix>p/sub%20folder/</Prefix></CommonPrefixes>
            </ListBucketResult>
            """.utf8))
        #expect(page.objects.count == 1)
        #expect(page.objects.first?.key == "p/odd keys/plate (1)/é+ü.txt")
        #expect(page.objects.first?.etag == "\"0f343b0931126a20f133d67c2b018a3b\"" && page.objects.first?.size == 24)
        #expect(page.prefixes == ["p/sub folder/"])
        #expect(page.nextContinuationToken == "p/odd keys/100% done.txt")
        // SeaweedFS writes the ETag's quotes as numeric references; a last page carries no token to follow.
        let last = try S3XML.listPage(Data("""
            <ListBucketResult><IsTruncated>false</IsTruncated><Contents><Key>a&amp;b</Key><ETag>&#34;x&#x22;</ETag>\
            <Size>1</Size></Contents></ListBucketResult>\n
            """.utf8))
        #expect(last.objects.first?.key == "a&b" && last.objects.first?.etag == "\"x\"" && last.nextContinuationToken == nil)
    }

    @Test func brokenAndErrorAnswersAreToldApart() throws {
        #expect(throws: S3Error.self) { try S3XML.listPage(Data("<ListBucketResult><Name>x".utf8)) }
        #expect(throws: S3Error.self) { try S3XML.listPage(Data("<html>Bad Gateway</html>".utf8)) }
        #expect(throws: S3Error.self) { try S3XML.listPage(Data("<ListBucketResult><Contents><Key>a</Key></Owner></ListBucketResult>".utf8)) }
        // Comments, empty elements and attributes are no obstacle.
        let odd = try S3XML.listPage(Data("""
            <!-- a proxy's note --><ListBucketResult a="1"><Contents><Key>k</Key><Owner/><Size>3</Size></Contents>\
            <IsTruncated>false</IsTruncated></ListBucketResult>
            """.utf8))
        #expect(odd.objects.map(\.key) == ["k"] && odd.objects.first?.size == 3)
        let error = S3XML.error(Data("<Error><Code>SlowDown</Code><Message>Please reduce your request rate.</Message></Error>".utf8))
        #expect(error?.code == "SlowDown" && error?.message == "Please reduce your request rate.")
        #expect(S3XML.error(Data("not xml".utf8)) == nil)
        #expect(S3Error.status(request: "GET x", status: 503, code: "SlowDown", message: nil).isTransient)
        #expect(!S3Error.status(request: "GET x", status: 403, code: "AccessDenied", message: nil).isTransient)
    }

    @Test func credentialsFollowTheAWSCommandLineOrder() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("tessera-aws-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let file = folder.appendingPathComponent("credentials")
        try """
            # shared credentials
            [default]
            aws_access_key_id = AKDEFAULT
            aws_secret_access_key = default-secret

            [temporary]
            aws_access_key_id=AKTEMP
            aws_secret_access_key=temp-secret
            aws_session_token = token==
            """.write(to: file, atomically: true, encoding: .utf8)
        let shared = ["AWS_SHARED_CREDENTIALS_FILE": file.path]
        let fromEnvironment = try AWSCredentials.resolve(profile: nil, environment: shared.merging(
            ["AWS_ACCESS_KEY_ID": "AKENV", "AWS_SECRET_ACCESS_KEY": "env-secret", "AWS_SESSION_TOKEN": "t"]) { $1 })
        #expect(fromEnvironment == AWSCredentials(accessKeyID: "AKENV", secretAccessKey: "env-secret", sessionToken: "t"))
        #expect(try AWSCredentials.resolve(profile: nil, environment: shared)?.accessKeyID == "AKDEFAULT")
        #expect(try AWSCredentials.resolve(profile: nil, environment: shared.merging(["AWS_PROFILE": "temporary"]) { $1 })
                == AWSCredentials(accessKeyID: "AKTEMP", secretAccessKey: "temp-secret", sessionToken: "token=="))
        // A named profile wins over the environment's keys, as with the AWS CLI's --profile.
        #expect(try AWSCredentials.resolve(profile: "temporary", environment: shared.merging(
            ["AWS_ACCESS_KEY_ID": "AKENV", "AWS_SECRET_ACCESS_KEY": "env-secret"]) { $1 })?.accessKeyID == "AKTEMP")
        #expect(throws: S3Error.self) { try AWSCredentials.resolve(profile: "absent", environment: shared) }
        #expect(try AWSCredentials.resolve(profile: nil, environment: ["AWS_SHARED_CREDENTIALS_FILE": "/nonexistent"]) == nil)
    }

    @Test func sessionTokensAreSigned() {
        let signer = SigV4Signer(credentials: AWSCredentials(accessKeyID: "AK", secretAccessKey: "s", sessionToken: "tok"), region: "us-east-1")
        let headers = signer.sign(method: "GET", path: "/b/k", query: [], headers: ["host": "h"], date: Date(timeIntervalSince1970: 0))
        #expect(headers["x-amz-security-token"] == "tok")
        #expect(headers["Authorization"]?.contains("SignedHeaders=host;x-amz-content-sha256;x-amz-date;x-amz-security-token") == true)
    }

    @Test func backoffWaitsAreRandomButBounded() {
        let policy = RetryPolicy(attempts: 6, baseDelay: .milliseconds(100), maximumDelay: .seconds(2))
        for retry in 0..<12 {
            let ceiling = min(Duration.seconds(2), .milliseconds(100) * (1 << retry))
            let waits = (0..<50).map { _ in policy.delay(beforeRetry: retry) }
            #expect(waits.allSatisfy { $0 >= .zero && $0 <= ceiling })
            #expect(Set(waits).count > 1)
        }
        #expect(RetryPolicy.isRetryable(status: 503) && RetryPolicy.isRetryable(status: 429) && RetryPolicy.isRetryable(status: 500))
        #expect(!RetryPolicy.isRetryable(status: 404) && !RetryPolicy.isRetryable(status: 403) && !RetryPolicy.isRetryable(status: 501))
    }
}
